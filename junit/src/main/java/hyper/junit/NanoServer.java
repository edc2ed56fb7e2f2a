package hyper.junit;

import hyper.client.Hyper;
import hyper.server.HyperNano;
import hyper.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One in-process server of a test class (or test), its temporary data directory and the clients handed
 * out for it. Closed by JUnit with the store that holds it.
 */
final class NanoServer implements AutoCloseable {

    private final Settings settings;
    private final Map<String, Hyper> clients = new LinkedHashMap<>();
    private HyperNano server;
    private Path dataDir;
    private int testsStarted;

    private NanoServer(Settings settings) {
        this.settings = settings;
    }

    static NanoServer start(Settings settings) {
        NanoServer s = new NanoServer(settings);
        s.startOn(0);
        return s;
    }

    private void startOn(int port) {
        try {
            dataDir = Files.createTempDirectory("hyper-nano-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        ServerOptions options = ServerOptions.defaults().withPort(port).withDataDir(dataDir).withDomain(settings.domain());
        if (!settings.services().isEmpty()) {
            options = options.withBootstrap(settings.services(), Set.of());
        }
        try {
            server = port == 0 ? HyperNano.start(options) : startAgain(options);
        } catch (RuntimeException e) {
            delete(dataDir);
            throw e;
        }
        try {
            settings.seed().ifPresent(seed -> Seeds.load(settings.testClass(), seed, client(settings.domain())));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port was ours a moment ago; another process may hold it for an instant. */
    private static HyperNano startAgain(ServerOptions options) {
        for (int attempt = 1; ; attempt++) {
            try {
                return HyperNano.start(options);
            } catch (HyperNano.ListenFailure e) {
                if (attempt == 20) {
                    throw new IllegalStateException("could not restart hyper-nano on port " + options.port()
                            + " for a reset: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Before each test: a fresh server on the same port if the settings ask for a reset. */
    synchronized void beforeTest() {
        if (settings.reset() && testsStarted > 0) {
            int port = server.port();
            stop();
            startOn(port);
        }
        testsStarted++;
    }

    synchronized HyperNano server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>/<domain>}. */
    synchronized URI connection(String domain) {
        return URI.create(server.url() + "/" + domain);
    }

    /** A client of this server for {@code domain}, one per domain, valid across resets (same port). */
    synchronized Hyper client(String domain) {
        return clients.computeIfAbsent(domain, d -> Hyper.connect(connection(d).toString()));
    }

    private void stop() {
        try {
            server.close();
        } finally {
            delete(dataDir);
        }
    }

    @Override
    public synchronized void close() {
        try {
            clients.values().forEach(Hyper::close);
            clients.clear();
        } finally {
            stop();
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test data directory " + dir, e);
        }
    }
}
