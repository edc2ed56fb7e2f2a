package hyper.core;

import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import java.util.List;
import java.util.Objects;

/** The adapter behind each port: what the HTTP layer serves and the server wires. */
public record Services(CachePort cache, DataPort data, StoragePort storage, SearchPort search, QueuePort queue)
        implements AutoCloseable {

    public Services {
        Objects.requireNonNull(cache);
        Objects.requireNonNull(data);
        Objects.requireNonNull(storage);
        Objects.requireNonNull(search);
        Objects.requireNonNull(queue);
    }

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
