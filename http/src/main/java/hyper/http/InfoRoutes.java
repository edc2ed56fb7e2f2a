package hyper.http;

import hyper.core.Service;
import io.helidon.http.HeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /}, the info document of the original, {@code GET /health} for probes, and the two routes for
 * operators: {@code GET /openapi.json} (the API described) and {@code GET /metrics} (Prometheus).
 */
final class InfoRoutes implements Router.Routes {

    /** Where the OpenAPI document lives, beside this class; OpenApiDocumentTest keeps it in step with the routes. */
    static final String OPENAPI_RESOURCE = "openapi.json";

    private final Telemetry telemetry;

    InfoRoutes(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public Optional<Service> service() {
        return Optional.empty();
    }

    @Override
    public void register(Router router) {
        router.get("/", call -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "hyper");
            info.put("version", "1.0-beta");
            info.put("services", Service.ids());
            call.send(200, info);
        });
        router.get("/health", call -> call.ok(200, "services", Service.ids()));
        router.get("/openapi.json", call -> {
            call.response().status(200);
            call.response().header(HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE);
            call.response().send(OpenApi.DOCUMENT);
        });
        router.get("/metrics", call -> {
            // Written whole first: a scrape that fails half-way answers 500, not a truncated 200.
            ByteArrayOutputStream text = new ByteArrayOutputStream(32 * 1024);
            telemetry.writeMetrics(text);
            call.response().status(200);
            call.response().header(HeaderNames.CONTENT_TYPE, Telemetry.METRICS_CONTENT_TYPE);
            call.response().send(text.toByteArray());
        });
    }

    /** The document, read once. */
    static final class OpenApi {
        static final byte[] DOCUMENT = read();

        private OpenApi() {}

        private static byte[] read() {
            try (InputStream in = InfoRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the OpenAPI document is missing from hyper.http");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
