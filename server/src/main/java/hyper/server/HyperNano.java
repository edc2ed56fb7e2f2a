package hyper.server;

import hyper.cache.SqliteCache;
import hyper.core.HyperException;
import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import hyper.data.MongoData;
import hyper.queue.SqliteQueue;
import hyper.search.LuceneSearch;
import hyper.storage.FileSystemStorage;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A running hyper-nano server. Applications can embed one in their own tests:
 *
 * <pre>{@code
 * try (HyperNano hyper = HyperNano.start(ServerOptions.defaults().withPort(0).withDataDir(tmp))) {
 *     String connection = hyper.url() + "/test";   // for hyper-connect
 * }
 * }</pre>
 */
public final class HyperNano implements AutoCloseable {

    private final WebServer server;
    private final Services services;
    private final ServerOptions options;
    private final List<String> bootstrapLog;
    private boolean closed;

    private HyperNano(WebServer server, Services services, ServerOptions options, List<String> bootstrapLog) {
        this.server = server;
        this.services = services;
        this.options = options;
        this.bootstrapLog = bootstrapLog;
    }

    /**
     * Opens every service in {@code options.dataDir()}, starts listening, then bootstraps the services
     * the options ask for.
     *
     * @throws HyperException if bootstrapping is asked for without {@code experimental}
     */
    public static HyperNano start(ServerOptions options) {
        if (!options.bootstrap().isEmpty() && !options.experimental()) {
            throw HyperException.badRequest("the --experimental flag must be set");
        }
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + options.dataDir(), e);
        }
        // The engines open while Helidon starts: start-up takes the longer of the two, not their sum.
        // A request that arrives in between waits for the routes.
        FutureTask<Services> opening = new FutureTask<>(() -> wire(options, Clock.systemUTC()));
        Thread.ofPlatform().name("hyper-open-services").start(opening);
        CompletableFuture<Router> routes = new CompletableFuture<>();
        WebServer server;
        try {
            server = WebServer.builder()
                    .host(options.host())
                    .port(options.port())
                    // without it, a response of several segments waits for the client's delayed ACK (~40 ms)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .shutdownHook(false)
                    .directHandlers(HttpApi.directHandlers())
                    .routing(new HttpApi(routes)::routing)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            routes.completeExceptionally(e);
            try {
                await(opening).close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Services services;
        try {
            services = await(opening);
        } catch (RuntimeException e) {
            routes.completeExceptionally(e);
            server.stop();
            throw e;
        }
        routes.complete(routes(services));
        HyperNano running = new HyperNano(server, services, options, new ArrayList<>());
        try {
            running.bootstrapLog.addAll(Bootstrap.run(services, options));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /**
     * Builds the adapter of each service: the one place that knows which engine serves which port. They
     * open in parallel; if one fails, the others are closed again.
     */
    static Services wire(ServerOptions options, Clock clock) {
        Path dir = options.dataDir();
        Future<CachePort> cache;
        Future<DataPort> data;
        Future<StoragePort> storage;
        Future<SearchPort> search;
        Future<QueuePort> queue;
        try (ExecutorService open = Executors.newVirtualThreadPerTaskExecutor()) {
            cache = open.submit(() -> new SqliteCache(dir.resolve("cache.db"), clock));
            data = open.submit(() -> options.dataUrl().map(MongoData::external)
                    .orElseGet(() -> MongoData.embedded(dir.resolve("data"))));
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

    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the services", e);
        }
    }

    private static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    static Router routes(Services services) {
        Router router = new Router();
        router.register(new InfoRoutes());
        router.register(new CacheRoutes(services.cache()));
        router.register(new DataRoutes(services.data()));
        router.register(new StorageRoutes(services.storage()));
        router.register(new SearchRoutes(services.search()));
        router.register(new QueueRoutes(services.queue()));
        return router;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}, the base URL for clients on this machine. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The services this server provides, in the original's order. */
    public List<String> services() {
        return Services.NAMES;
    }

    /** What bootstrapping did, one line per step. */
    public List<String> bootstrapLog() {
        return List.copyOf(bootstrapLog);
    }

    public ServerOptions options() {
        return options;
    }

    /** Stops accepting requests, lets running ones finish, then closes every service. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } finally {
            services.close();
        }
    }
}
