package hyper.http;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.Service;
import hyper.core.Services;
import hyper.core.cache.CacheName;
import hyper.core.data.DatabaseName;
import hyper.core.queue.QueueName;
import hyper.core.search.IndexName;
import hyper.core.storage.BucketName;
import java.util.Set;

/** Removes every store of some services: the admin reset, and an import that replaces. */
final class StoreReset {

    private StoreReset() {}

    /**
     * Removes every store of {@code chosen}. A store another request removed meanwhile is simply gone already;
     * requests running on a store as it goes end as they would had the store been deleted through the hyper API.
     */
    static void reset(Services services, Set<Service> chosen) {
        for (Service service : chosen) {
            switch (service) {
                case CACHE -> services.cache().listStores().forEach(s -> gone(() ->
                        services.cache().destroyStore(CacheName.of(s.name()))));
                case DATA -> services.data().listStores().forEach(s -> gone(() ->
                        services.data().removeDatabase(DatabaseName.of(s.name()))));
                case STORAGE -> services.storage().listStores().forEach(s -> gone(() ->
                        services.storage().removeBucket(BucketName.of(s.name()))));
                case SEARCH -> services.search().listStores().forEach(s ->
                        services.search().removeIndex(IndexName.of(s.name())));
                case QUEUE -> services.queue().listStores().forEach(s -> gone(() ->
                        services.queue().destroy(QueueName.of(s.name()))));
            }
        }
    }

    /** Runs a removal; a store that is already gone is what the reset wants. */
    private static void gone(Runnable removal) {
        try {
            removal.run();
        } catch (HyperException e) {
            if (e.fact() != Fact.STORE_NOT_FOUND) {
                throw e;
            }
        }
    }
}
