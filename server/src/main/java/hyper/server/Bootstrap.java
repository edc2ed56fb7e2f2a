package hyper.server;

import hyper.core.HyperException;
import hyper.core.cache.CacheName;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up creation of the domain's stores ({@code --experimental --data --cache --storage [--purge]}):
 * purge first where asked, then create; "already exists" on create and "does not exist" on purge are
 * success, as in the original.
 */
final class Bootstrap {

    private Bootstrap() {}

    static List<String> run(Services services, ServerOptions options) {
        List<String> log = new ArrayList<>();
        String domain = options.domain();
        for (String service : List.of("data", "cache", "storage")) {
            if (!options.bootstrap().contains(service)) {
                continue;
            }
            if (options.purge().contains(service)) {
                ignoring(HyperException.Reason.NOT_FOUND, () -> destroy(services, service, domain));
                log.add("[INFO] Purged " + service + " service in " + domain + " domain");
            }
            ignoring(HyperException.Reason.CONFLICT, () -> create(services, service, domain));
            log.add("[INFO] Created " + service + " service in " + domain + " domain");
        }
        return log;
    }

    private static void create(Services services, String service, String domain) {
        switch (service) {
            case "cache" -> services.cache().createStore(CacheName.of(domain));
            case "data" -> services.data().createDatabase(domain);
            case "storage" -> services.storage().createBucket(domain);
            default -> throw new IllegalArgumentException(service);
        }
    }

    private static void destroy(Services services, String service, String domain) {
        switch (service) {
            case "cache" -> services.cache().destroyStore(CacheName.of(domain));
            case "data" -> services.data().removeDatabase(domain);
            case "storage" -> services.storage().removeBucket(domain);
            default -> throw new IllegalArgumentException(service);
        }
    }

    private static void ignoring(HyperException.Reason expected, Runnable step) {
        try {
            step.run();
        } catch (HyperException e) {
            if (e.reason() != expected) {
                throw e;
            }
        }
    }
}
