package hyper.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /}, the info document of the original, and {@code GET /health} for probes. */
final class InfoRoutes implements Router.Routes {

    @Override
    public void register(Router router) {
        router.get("/", call -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "hyper");
            info.put("version", "1.0-beta");
            info.put("services", Services.NAMES);
            call.send(200, info);
        });
        router.get("/health", call -> call.ok(200, "services", Services.NAMES));
    }
}
