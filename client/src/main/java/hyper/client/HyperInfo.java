package hyper.client;

/** The server's information route ({@code hyper.info} in hyper-connect). */
public final class HyperInfo {

    private final Transport t;

    HyperInfo(Transport t) {
        this.t = t;
    }

    /** The server's name, API version and services. {@code GET /} */
    public InfoResult services() {
        Transport.Reply r = t.json("GET", t.connection.infoUrl(), null);
        return new InfoResult(r.ok(), r.status(), r.msg(), r.body().path("name").asText(""),
                r.body().path("version").asText(""), t.strings(r.body().path("services")));
    }
}
