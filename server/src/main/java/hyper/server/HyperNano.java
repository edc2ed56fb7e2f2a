package hyper.server;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import hyper.http.ApiAccess;
import hyper.http.CorsPolicy;
import hyper.http.HttpApi;
import hyper.http.JwtAuth;
import hyper.http.SignedUrls;
import hyper.http.SnapshotFile;
import hyper.http.Telemetry;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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

    /** The longest request line served; longer ones answer 414. */
    static final int MAX_REQUEST_LINE = 8192;

    private final HttpListener server;
    private final Listeners listeners;
    private final Services services;
    private final ServerOptions options;
    private final List<String> bootstrapLog;
    /** Set once the start has succeeded: released after the services close. */
    private DataDirectory.Lock directoryLock;
    private boolean closed;
    /** Whether the start finished; only then does a close write the snapshot of --export-on-exit. */
    private volatile boolean started;

    private HyperNano(Listeners listeners, Services services, ServerOptions options, List<String> bootstrapLog) {
        this.server = listeners.main();
        this.listeners = listeners;
        this.services = services;
        this.options = options;
        this.bootstrapLog = bootstrapLog;
    }

    /**
     * The listeners: the main one (HTTPS when TLS is asked for without a port of its own), and HTTPS on
     * the TLS port beside plain HTTP on the main one.
     */
    private record Listeners(HttpListener main, boolean mainIsSecure, Optional<HttpListener> secure,
            Optional<TlsMaterial> tls) implements AutoCloseable {
        @Override
        public void close() {
            try {
                main.close();
            } finally {
                secure.ifPresent(HttpListener::close);
            }
        }
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
        DataDirectory.Lock lock = DataDirectory.lock(options.dataDir());
        try {
            HyperNano running = startIn(options, clock);
            running.directoryLock = lock;
            return running;
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static HyperNano startIn(ServerOptions options, Clock clock) {
        Optional<TlsOptions> tlsOptions = options.security().tls();
        OptionalInt tlsPort = tlsOptions.map(TlsOptions::port).orElse(OptionalInt.empty());
        for (int port : tlsPort.isPresent() ? new int[] {options.port(), tlsPort.getAsInt()} : new int[] {options.port()}) {
            if (port != 0) {
                // Helidon logs a failed bind as a stack trace; a busy port is common enough to say it in one line.
                whyNotListening(options.host(), port).ifPresent(reason -> {
                    throw new ListenFailure(reason);
                });
            }
        }
        // Certificates follow the wall clock, which is what TLS clients check them against.
        Optional<TlsMaterial> tls = tlsOptions.map(t -> TlsMaterial.load(t, options.dataDir(), Instant.now()));
        // The engines open while Helidon starts: start-up takes the longer of the two, not their sum.
        // A request that arrives in between waits for the routes.
        FutureTask<Services> opening = new FutureTask<>(() -> Wiring.open(options, clock));
        Thread.ofPlatform().name("hyper-open-services").start(opening);
        CompletableFuture<Services> opened = new CompletableFuture<>();
        Telemetry telemetry = new Metrics(opened);
        if (options.logRequests()) {
            // the wall clock: log lines say when requests happened, whatever clock the services read
            telemetry = new RequestLog(System.out, Clock.systemUTC()).around(telemetry);
        }
        HttpApi api = new HttpApi(opened, CorsPolicy.of(options.corsOrigins()), access(options, clock), telemetry);
        int maxConnections = HttpListener.maxConnections(options.maxConnections(), HttpListener.descriptorLimit(),
                HttpListener.openDescriptors());
        Listeners server;
        try {
            if (tlsPort.isEmpty()) {
                server = new Listeners(listen(options, api, maxConnections, tls, options.port()), tls.isPresent(),
                        Optional.empty(), tls);
            } else {
                // two listeners share the connection budget
                int each = Math.max(16, maxConnections / 2);
                HttpListener plain = listen(options, api, each, Optional.empty(), options.port());
                try {
                    server = new Listeners(plain, false,
                            Optional.of(listen(options, api, each, tls, tlsPort.getAsInt())), tls);
                } catch (RuntimeException e) {
                    plain.close();
                    throw e;
                }
            }
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
            // after bootstrapping, so that --purge cannot remove what the snapshot brings
            options.importFile().ifPresent(file -> running.bootstrapLog.add(importSnapshot(services, file)));
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            running.close();
            throw e;
        }
        running.started = true;
        opened.complete(services);
        return running;
    }

    /**
     * Merges the snapshot in {@code file} into the stores; checked whole first, so a bad file changes nothing
     * and stops the start with one line naming the place of its first mistake.
     */
    private static String importSnapshot(Services services, Path file) {
        try {
            SnapshotFile.load(file, services);
        } catch (HyperException e) {
            throw HyperException.invalid("cannot import " + file + ": " + e.getMessage());
        }
        return "[INFO] imported the snapshot " + file + " (merged into the stores)";
    }

    /** How often idle connections are looked for: often enough that none lives much past the timeout. */
    static Duration idleCheckPeriod(Duration idleTimeout) {
        Duration half = idleTimeout.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(5)) < 0 ? half : Duration.ofSeconds(5);
    }

    /** A listener on {@code port}, speaking HTTPS with {@code tls} when there is some. */
    private static HttpListener listen(ServerOptions options, HttpApi api, int maxConnections,
            Optional<TlsMaterial> tls, int port) {
        HeadDeadline headDeadline = new HeadDeadline(options.idleTimeout());
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(MAX_REQUEST_LINE)
                .addReceiveListener(headDeadline)
                .build();
        byte[] refusal = HttpApi.tooManyConnections(maxConnections);
        return HttpListener.start(p -> {
            var builder = WebServer.builder()
                    .host(options.host())
                    .port(p)
                    // without it, a response of several segments waits for the client's delayed ACK (~40 ms)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    // more sockets than served connections, so that those beyond the cap can be answered 503
                    .maxTcpConnections(ConnectionGate.openSockets(maxConnections))
                    .idleConnectionTimeout(options.idleTimeout())
                    .idleConnectionPeriod(idleCheckPeriod(options.idleTimeout()))
                    // The gate is the only selector: it serves HTTP/1.1 and 1.0 and refuses beyond the cap. No
                    // protocol is discovered beside it: Helidon would first sniff each connection and drop a
                    // malformed or over-long request line without any answer (no 400/414).
                    .protocolsDiscoverServices(false)
                    .addConnectionSelector(new ConnectionGate(http1, maxConnections, refusal))
                    .shutdownHook(false)
                    .directHandlers(HttpApi.directHandlers())
                    .routing(api::routing);
            tls.ifPresent(material -> builder.tls(Tls.builder()
                    .privateKey(material.key())
                    .privateKeyCertChain(material.chain())
                    .build()));
            return builder.build();
        }, options.host(), port, headDeadline)
                // Helidon logs a failed bind and carries on without a listener; we stop instead.
                .orElseThrow(() -> {
                    headDeadline.close();
                    return new ListenFailure(whyNotListening(options.host(), port)
                            .orElse("cannot listen on " + options.host() + ":" + port));
                });
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
    private static Optional<String> whyNotListening(String host, int port) {
        String address = host + ":" + port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            return Optional.of(reason.contains("in use") ? "port " + port + " is in use"
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

    /** The port the server listens on (the main one, when HTTPS has a port of its own). */
    public int port() {
        return server.port();
    }

    /**
     * {@code http://127.0.0.1:<port>}, the base URL for clients on this machine; {@code https://} when the main
     * port speaks TLS.
     */
    public URI url() {
        return URI.create((listeners.mainIsSecure() ? "https" : "http") + "://127.0.0.1:" + port());
    }

    /** {@code https://127.0.0.1:<port>} when HTTPS is on, on the main port or its own. */
    public Optional<URI> httpsUrl() {
        if (listeners.mainIsSecure()) {
            return Optional.of(url());
        }
        return listeners.secure().map(secure -> URI.create("https://127.0.0.1:" + secure.port()));
    }

    /**
     * For a self-signed certificate, the local authority's certificate (PEM) that clients trust it with,
     * and a Java truststore holding it (password {@code changeit}).
     */
    public Optional<TrustFiles> trustFiles() {
        return listeners.tls().flatMap(TlsMaterial::trust)
                .map(t -> new TrustFiles(t.caPem(), t.truststore(), t.madeNow()));
    }

    /**
     * Where clients find the local certificate authority of {@code --tls-self-signed}.
     *
     * @param madeNow whether this start made it (clients must trust it anew)
     */
    public record TrustFiles(Path caPem, Path truststore, boolean madeNow) {}

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

    /**
     * Stops accepting requests, lets running ones finish, writes the snapshot of
     * {@link ServerOptions#exportOnExit()} if asked for, then closes every service.
     *
     * @throws IllegalStateException when the snapshot cannot be written (the services are closed all the same)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listeners.close();
            // not after a failed start: a snapshot then would replace a good one with a partial state
            if (started && options.exportOnExit().isPresent()) {
                Path file = options.exportOnExit().get();
                try {
                    SnapshotFile.write(services, file);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("cannot write the snapshot " + file + ": " + e.getMessage(), e);
                }
            }
        } finally {
            try {
                services.close();
            } finally {
                if (directoryLock != null) {
                    directoryLock.close();
                }
            }
        }
    }
}
