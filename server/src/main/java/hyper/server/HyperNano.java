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
import java.util.Optional;

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
        Services services = wire(options, Clock.systemUTC());
        WebServer server;
        try {
            Router router = routes(services);
            HttpApi api = new HttpApi(router);
            server = WebServer.builder()
                    .host(options.host())
                    .port(options.port())
                    // without it, a response of several segments waits for the client's delayed ACK (~40 ms)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .shutdownHook(false)
                    .directHandlers(HttpApi.directHandlers())
                    .routing(api::routing)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
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
     * Builds the adapter of each service: the one place that knows which engine serves which port. If one
     * fails to open, those already opened are closed again.
     */
    static Services wire(ServerOptions options, Clock clock) {
        Path dir = options.dataDir();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            CachePort cache = keep(opened, new SqliteCache(dir.resolve("cache.db"), clock));
            DataPort data = keep(opened, options.dataUrl().map(MongoData::external)
                    .orElseGet(() -> MongoData.embedded(dir.resolve("data"))));
            StoragePort storage = keep(opened, new FileSystemStorage(dir.resolve("storage")));
            SearchPort search = keep(opened, new LuceneSearch(dir.resolve("search")));
            QueuePort queue = keep(opened,
                    new SqliteQueue(dir.resolve("queue.db"), clock, SqliteQueue.Delivery.defaults()));
            return new Services(Optional.of(cache), Optional.of(data), Optional.of(storage), Optional.of(search),
                    Optional.of(queue));
        } catch (RuntimeException e) {
            for (AutoCloseable adapter : opened.reversed()) {
                try {
                    adapter.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> opened, T adapter) {
        opened.add(adapter);
        return adapter;
    }

    static Router routes(Services services) {
        Router router = new Router();
        InfoRoutes info = new InfoRoutes(services);
        router.register(info);
        services.cache().ifPresent(cache -> router.register(new CacheRoutes(cache)));
        services.data().ifPresent(data -> router.register(new DataRoutes(data)));
        services.queue().ifPresent(queue -> router.register(new QueueRoutes(queue)));
        services.storage().ifPresent(storage -> router.register(new StorageRoutes(storage)));
        services.search().ifPresent(search -> router.register(new SearchRoutes(search)));
        router.register(info.unavailable());
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
        return services.names();
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
