package hyper.core;

import hyper.core.cache.CacheName;
import hyper.core.data.DatabaseName;
import hyper.core.queue.QueueName;
import hyper.core.search.IndexName;
import hyper.core.storage.BucketName;

/**
 * The validated name of a store of one service. Each service has one rule, checked when the name is made,
 * so an adapter only ever sees valid names.
 */
public sealed interface StoreName permits CacheName, DatabaseName, BucketName, IndexName, QueueName {

    /** The name as the engine keeps it. */
    String value();

    /** The service whose store this names. */
    Service service();

    /** The valid name of a store of {@code service}; a HyperException of that service's rule otherwise. */
    static StoreName of(Service service, String raw) {
        return switch (service) {
            case CACHE -> CacheName.of(raw);
            case DATA -> DatabaseName.of(raw);
            case STORAGE -> BucketName.of(raw);
            case SEARCH -> IndexName.of(raw);
            case QUEUE -> QueueName.of(raw);
        };
    }
}
