package hyper.server;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The HTTP listener and what keeps it alive. Connections are capped below the process's file-descriptor
 * limit (beyond the cap they are answered 503 by the {@link ConnectionGate}, and beyond its few spare
 * sockets they wait in the kernel's backlog instead of exhausting descriptors), connections without a new
 * request for the idle timeout are closed (slow-header clients included), and since Helidon ends its
 * accept loop for good on any error, a watchdog that finds the port refusing connections starts a new
 * listener on it.
 */
final class HttpListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpListener.class.getName());

    /** The connection cap when the descriptor limit is generous or unknown. */
    static final int DEFAULT_MAX_CONNECTIONS = 1000;
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(2);

    private final IntFunction<WebServer> build;
    private final String probeHost;
    private final ScheduledExecutorService watchdog;
    private final AutoCloseable companion;
    private volatile WebServer server;
    private volatile boolean closed;

    private HttpListener(IntFunction<WebServer> build, String host, WebServer server, AutoCloseable companion) {
        this.build = build;
        this.companion = companion;
        this.probeHost = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
        this.server = server;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("hyper-listener-watchdog").factory());
        watchdog.scheduleWithFixedDelay(this::check, WATCH_PERIOD.toMillis(), WATCH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a listener from {@code build} (given the port to bind: the configured one first, the bound one
     * on a restart); empty when it could not bind. {@code companion} is closed with the listener.
     */
    static java.util.Optional<HttpListener> start(IntFunction<WebServer> build, String host, int port,
            AutoCloseable companion) {
        WebServer server = build.apply(port).start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new HttpListener(build, host, server, companion));
    }

    int port() {
        return server.port();
    }

    /**
     * The cap for {@code requested} (0: choose): at most half the descriptors still free when the server
     * starts ({@code openNow} are taken by then, mostly by the jars it runs from); the engines need the rest.
     */
    static int maxConnections(int requested, OptionalLong descriptorLimit, long openNow) {
        if (requested > 0) {
            return requested;
        }
        if (descriptorLimit.isEmpty()) {
            return DEFAULT_MAX_CONNECTIONS;
        }
        return (int) Math.max(16, Math.min(DEFAULT_MAX_CONNECTIONS, (descriptorLimit.getAsLong() - openNow) / 2));
    }

    /** How many descriptors this process has open now, where the system tells it (Linux); else 0. */
    static long openDescriptors() {
        try (var open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The soft limit on open files of this process, where the system tells it (Linux). */
    static OptionalLong descriptorLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the default cap applies
        }
        return OptionalLong.empty();
    }

    /** A refused connection on our own port means the accept loop has ended: listen again. */
    private void check() {
        if (closed) {
            return;
        }
        int port = server.port();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(probeHost, port), 1000);
        } catch (ConnectException refused) {
            restart(port);
        } catch (IOException | RuntimeException busy) {
            // a timeout or no descriptor for the probe: the listener may be fine, look again later
        }
    }

    private synchronized void restart(int port) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "the HTTP listener stopped accepting connections; listening again on port " + port);
        WebServer old = server;
        try {
            old.stop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping the dead listener failed", e);
        }
        WebServer fresh = build.apply(port).start();
        if (fresh.isRunning() && fresh.port() == port) {
            server = fresh;
        } else {
            fresh.stop();
            server = old; // try again at the next check
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchdog.shutdownNow();
        server.stop();
        try {
            companion.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the listener's companion failed", e);
        }
    }
}
