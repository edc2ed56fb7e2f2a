package hyper.server;

import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The adapters behind each port; a service without one is reported as unavailable. */
record Services(Optional<CachePort> cache, Optional<DataPort> data, Optional<StoragePort> storage,
        Optional<SearchPort> search, Optional<QueuePort> queue) implements AutoCloseable {

    /** Names of the available services, in the original's order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        cache.ifPresent(x -> names.add("cache"));
        data.ifPresent(x -> names.add("data"));
        storage.ifPresent(x -> names.add("storage"));
        search.ifPresent(x -> names.add("search"));
        queue.ifPresent(x -> names.add("queue"));
        return names;
    }

    /** Closes every adapter, each even if another fails. */
    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        queue.ifPresent(all::add); // stops deliveries first
        search.ifPresent(all::add);
        storage.ifPresent(all::add);
        data.ifPresent(all::add);
        cache.ifPresent(all::add);
        RuntimeException failure = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
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
