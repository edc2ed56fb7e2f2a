package hyper.server;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import hyper.core.StoreName;
import hyper.core.cache.CacheName;
import hyper.core.data.DatabaseName;
import hyper.core.storage.BucketName;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up creation of the domain's stores ({@code --experimental --data --cache --storage [--purge]}):
 * purge first where asked, then create; "already exists" on create and "does not exist" on purge are
 * success, as in the original.
 */
final class Bootstrap {

    /** The services bootstrapping can create, in the original's order. */
    private static final List<Service> ORDER = List.of(Service.DATA, Service.CACHE, Service.STORAGE);

    private Bootstrap() {}

    static List<String> run(Services services, ServerOptions options) {
        List<String> log = new ArrayList<>();
        String domain = options.domain();
        for (Service service : ORDER) {
            if (!options.bootstrap().contains(service)) {
                continue;
            }
            StoreName name = StoreName.of(service, domain);
            if (options.purge().contains(service)) {
                ignoring(HyperException.Reason.NOT_FOUND, () -> destroy(services, name));
                log.add("[INFO] Purged " + service.id() + " service in " + domain + " domain");
            }
            ignoring(HyperException.Reason.CONFLICT, () -> create(services, name));
            log.add("[INFO] Created " + service.id() + " service in " + domain + " domain");
        }
        return log;
    }

    private static void create(Services services, StoreName name) {
        switch (name) {
            case CacheName cache -> services.cache().createStore(cache);
            case DatabaseName db -> services.data().createDatabase(db);
            case BucketName bucket -> services.storage().createBucket(bucket);
            default -> throw new IllegalArgumentException("not bootstrapped: " + name.service());
        }
    }

    private static void destroy(Services services, StoreName name) {
        switch (name) {
            case CacheName cache -> services.cache().destroyStore(cache);
            case DatabaseName db -> services.data().removeDatabase(db);
            case BucketName bucket -> services.storage().removeBucket(bucket);
            default -> throw new IllegalArgumentException("not bootstrapped: " + name.service());
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
