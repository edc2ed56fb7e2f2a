package hyper.server;

import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import java.util.List;

/** The adapter behind each port. */
record Services(CachePort cache, DataPort data, StoragePort storage, SearchPort search, QueuePort queue)
        implements AutoCloseable {

    /** Names of the services, in the original's order. */
    static final List<String> NAMES = List.of("cache", "data", "storage", "search", "queue");

    /** Closes every adapter, each even if another fails; the queue first, so deliveries stop. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable adapter : List.<AutoCloseable>of(queue, search, storage, data, cache)) {
            try {
                adapter.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a service failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
