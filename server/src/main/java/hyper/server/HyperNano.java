package hyper.server;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import hyper.http.ApiAccess;
import hyper.http.CorsPolicy;
import hyper.http.HttpApi;
import hyper.http.JwtAuth;
import hyper.http.SignedUrls;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    private final HttpListener server;
    private final Services services;
    private final ServerOptions options;
    private final List<String> bootstrapLog;
    private boolean closed;

    private HyperNano(HttpListener server, Services services, ServerOptions options, List<String> bootstrapLog) {
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
        return start(options, Clock.systemUTC());
    }

    /**
     * As {@link #start(ServerOptions)}, with the clock that decides expiry of cache entries and the times of
     * queue jobs (tests move a clock of their own instead of waiting).
     */
    public static HyperNano start(ServerOptions options, Clock clock) {
        if (!options.bootstrap().isEmpty() && !options.experimental()) {
            throw HyperException.refused("the --experimental flag must be set");
        }
        DataDirectory.create(options.dataDir());
        if (options.port() != 0) {
            // Helidon logs a failed bind as a stack trace; a busy port is common enough to say it in one line.
            whyNotListening(options).ifPresent(reason -> {
                throw new ListenFailure(reason);
            });
        }
        // The engines open while Helidon starts: start-up takes the longer of the two, not their sum.
        // A request that arrives in between waits for the routes.
        FutureTask<Services> opening = new FutureTask<>(() -> Wiring.open(options, clock));
        Thread.ofPlatform().name("hyper-open-services").start(opening);
        CompletableFuture<Services> opened = new CompletableFuture<>();
        HttpApi api = new HttpApi(opened, CorsPolicy.of(options.corsOrigins()), access(options, clock));
        int maxConnections = HttpListener.maxConnections(options.maxConnections(), HttpListener.descriptorLimit());
        HttpListener server;
        try {
            server = HttpListener.start(port -> WebServer.builder()
                    .host(options.host())
                    .port(port)
                    // without it, a response of several segments waits for the client's delayed ACK (~40 ms)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .maxTcpConnections(maxConnections)
                    .idleConnectionTimeout(HttpListener.IDLE_TIMEOUT)
                    .idleConnectionPeriod(Duration.ofSeconds(5))
                    .shutdownHook(false)
                    .directHandlers(HttpApi.directHandlers())
                    .routing(api::routing)
                    .build(), options.host(), options.port())
                    // Helidon logs a failed bind and carries on without a listener; we stop instead.
                    .orElseThrow(() -> new ListenFailure(whyNotListening(options)
                            .orElse("cannot listen on " + options.host() + ":" + options.port())));
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
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
            opened.completeExceptionally(e);
            server.close();
            throw e;
        }
        HyperNano running = new HyperNano(server, services, options, new ArrayList<>());
        try {
            // Bootstrapped stores exist before the first request is served: requests wait until then.
            running.bootstrapLog.addAll(Bootstrap.run(services, options));
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            running.close();
            throw e;
        }
        opened.complete(services);
        return running;
    }

    /** Who may use the API, as the options say. */
    private static ApiAccess access(ServerOptions options, Clock clock) {
        SecurityOptions security = options.security();
        return new ApiAccess(security.authSecret().map(secret -> new JwtAuth(secret, security.authSub(), clock)),
                new SignedUrls(SigningKey.of(security, options.dataDir()), clock), security.trustProxy());
    }

    /** The server could not listen on its host and port; the message is one line for the console. */
    public static final class ListenFailure extends RuntimeException {
        ListenFailure(String message) {
            super(message);
        }
    }

    /** Binds and releases the address once, to say in one line why listening fails, if it does. */
    private static Optional<String> whyNotListening(ServerOptions options) {
        String address = options.host() + ":" + options.port();
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(options.host(), options.port()));
            return Optional.empty();
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            return Optional.of(reason.contains("in use") ? "port " + options.port() + " is in use"
                    : "cannot listen on " + address + ": " + reason);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Optional.of("cannot listen on " + address + ": " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw Wiring.unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the services", e);
        }
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
        return Service.ids();
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
            server.close();
        } finally {
            services.close();
        }
    }
}
