package hyper.server;

import hyper.core.HyperException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /}, {@code GET /health}, and the answer of services this server does not provide. */
final class InfoRoutes implements Router.Routes {

    private static final List<String> ALL = List.of("cache", "data", "storage", "search", "queue");

    private final Services services;

    InfoRoutes(Services services) {
        this.services = services;
    }

    @Override
    public void register(Router router) {
        router.get("/", call -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "hyper");
            info.put("version", "1.0-beta");
            info.put("services", services.names());
            call.send(200, info);
        });
        router.get("/health", call -> call.ok(200, "services", services.names()));
    }

    /** Routes that answer 501 for every service without an adapter; registered after the real ones. */
    Router.Routes unavailable() {
        return router -> {
            for (String service : ALL) {
                if (services.names().contains(service)) {
                    continue;
                }
                Router.Handler none = call -> {
                    throw HyperException.notImplemented("the " + service + " service is not available in this server");
                };
                for (String path : List.of("/" + service, "/" + service + "/{rest*}")) {
                    router.get(path, none).post(path, none).put(path, none).delete(path, none);
                }
            }
        };
    }
}
