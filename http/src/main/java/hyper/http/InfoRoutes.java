package hyper.http;

import hyper.core.Service;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /}, the info document of the original, and {@code GET /health} for probes. */
final class InfoRoutes implements Router.Routes {

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
    }
}
