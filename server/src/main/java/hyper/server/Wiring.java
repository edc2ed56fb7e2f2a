package hyper.server;

import hyper.cache.SqliteCache;
import hyper.core.Services;
import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import hyper.data.MongoData;
import hyper.queue.SqliteQueue;
import hyper.search.LuceneSearch;
import hyper.storage.FileSystemStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The one place that knows which engine serves which port. */
final class Wiring {

    private Wiring() {}

    /**
     * Opens the adapter of each service in the data directory. They open in parallel; if one fails, the
     * others are closed again and the failure is thrown.
     */
    static Services open(ServerOptions options, Clock clock) {
        Path dir = options.dataDir();
        Future<CachePort> cache;
        Future<DataPort> data;
        Future<StoragePort> storage;
        Future<SearchPort> search;
        Future<QueuePort> queue;
        try (ExecutorService open = Executors.newVirtualThreadPerTaskExecutor()) {
            cache = open.submit(() -> new SqliteCache(dir.resolve("cache.db"), clock));
            data = open.submit(() -> options.dataUrl()
                    .map(url -> MongoData.external(url, options.queryTimeout()))
                    .orElseGet(() -> MongoData.embedded(dir.resolve("data"), options.queryTimeout())));
            storage = open.submit(() -> new FileSystemStorage(dir.resolve("storage")));
            search = open.submit(() -> new LuceneSearch(dir.resolve("search")));
            queue = open.submit(() -> new SqliteQueue(dir.resolve("queue.db"), clock, SqliteQueue.Delivery.defaults()));
        }
        List<Future<? extends AutoCloseable>> all = List.of(cache, data, storage, search, queue);
        RuntimeException failure = null;
        for (Future<? extends AutoCloseable> adapter : all) {
            if (adapter.state() == Future.State.FAILED) {
                RuntimeException e = unchecked(adapter.exceptionNow());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            for (Future<? extends AutoCloseable> adapter : all) {
                if (adapter.state() == Future.State.SUCCESS) {
                    try {
                        adapter.resultNow().close();
                    } catch (Exception e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            throw failure;
        }
        return new Services(cache.resultNow(), data.resultNow(), storage.resultNow(), search.resultNow(),
                queue.resultNow());
    }

    static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
