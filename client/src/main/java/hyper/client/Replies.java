package hyper.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Turns replies into the result records shared by several services. */
final class Replies {

    private Replies() {}

    static Result result(Transport.Reply r) {
        return new Result(r.ok(), r.status(), r.msg());
    }

    static IdResult id(Transport.Reply r) {
        return new IdResult(r.ok(), r.status(), r.msg(), r.body().path("id").asText(""));
    }

    static <T> DocResult<T> doc(Transport t, Transport.Reply r, JavaType type) {
        T doc = r.ok() ? t.convert(r.body().path("doc"), type) : null;
        return new DocResult<>(r.ok(), r.status(), r.msg(), doc);
    }

    static <T> DocsResult<T> docs(Transport t, Transport.Reply r, JavaType type) {
        List<T> docs = r.ok() ? t.list(r.body().path("docs"), n -> t.<T>convert(n, type)) : List.of();
        return new DocsResult<>(r.ok(), r.status(), r.msg(), docs);
    }

    static BulkResult bulk(Transport t, Transport.Reply r) {
        List<BulkItem> items = t.list(r.body().path("results"), Replies::bulkItem);
        return new BulkResult(r.ok(), r.status(), r.msg(), items);
    }

    private static BulkItem bulkItem(JsonNode n) {
        return new BulkItem(n.path("ok").asBoolean(false), n.path("id").asText(""), n.path("msg").asText(""));
    }
}
