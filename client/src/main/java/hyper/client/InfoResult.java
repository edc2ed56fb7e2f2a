package hyper.client;

import java.util.List;

/**
 * The server's information document: {@code info().services()}.
 *
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param name the server's name ({@code hyper})
 * @param version the API version ({@code 1.0-beta})
 * @param services the services it offers, such as {@code cache}, {@code data} (read them only when ok)
 */
public record InfoResult(boolean ok, int status, String msg, String name, String version, List<String> services)
        implements HyperResult {

    public InfoResult {
        services = List.copyOf(services);
    }

    /** The services; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<String> services() {
        HyperResult.check(this);
        return services;
    }

    @Override
    public InfoResult orThrow() {
        HyperResult.check(this);
        return this;
    }
}
