package hyper.server;

import hyper.testing.ChildProcess;
import hyper.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one handle on a real hyper-nano server in the server tests: started in this JVM on a free loopback
 * port with its own data directory, and talked to over HTTP only (it is the tests' {@link Http} client).
 *
 * <p>As a JUnit extension it starts and stops the server around the tests:
 * <pre>{@code
 * @RegisterExtension static final TestServer server = TestServer.perClass();    // one for the test class
 * @RegisterExtension final TestServer server = TestServer.perTest(clock);        // a fresh one per test
 * }</pre>
 * with a temporary data directory ({@link #dir()}) and the clock given ({@link Clock#systemUTC()} otherwise),
 * which decides cache expiry and queue times, so a test moves a {@code hyper.testing.TestClock} instead of
 * sleeping. A test that needs its own options starts one by hand: {@code try (TestServer own = start(options))}.
 * {@link #child} starts the server in a JVM of its own instead, to kill it.
 */
final class TestServer extends Http
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static {
        Main.configureLogging();
    }

    private enum Scope { CLASS, TEST, MANUAL }

    private final Scope scope;
    private final Clock clock;
    private ServerOptions options;
    private Path ownDir;
    private HyperNano hyper;

    private TestServer(Scope scope, ServerOptions options, Clock clock) {
        this.scope = scope;
        this.options = options;
        this.clock = clock;
    }

    // ---- as an extension

    /** An extension that starts one server before the first test of the class and stops it after the last. */
    static TestServer perClass() {
        return new TestServer(Scope.CLASS, null, Clock.systemUTC());
    }

    /** An extension that starts a fresh server, on a fresh data directory, before each test. */
    static TestServer perTest() {
        return perTest(Clock.systemUTC());
    }

    /** As {@link #perTest()}, with the server's clock. */
    static TestServer perTest(Clock clock) {
        return new TestServer(Scope.TEST, null, clock);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (scope == Scope.CLASS) {
            startInOwnDir();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (scope == Scope.CLASS) {
            stopAndDeleteOwnDir();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (scope == Scope.TEST) {
            startInOwnDir();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (scope == Scope.TEST) {
            stopAndDeleteOwnDir();
        }
    }

    private void startInOwnDir() {
        try {
            ownDir = Files.createTempDirectory("hyper-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        options = options(ownDir);
        hyper = HyperNano.start(options, clock);
    }

    private void stopAndDeleteOwnDir() {
        try {
            close();
        } finally {
            hyper = null;
            deleteTree(ownDir);
        }
    }

    // ---- by hand

    /** The options of a server on a free loopback port, keeping its data in {@code dir}. */
    static ServerOptions options(Path dir) {
        return ServerOptions.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir);
    }

    /** Starts a server on a free loopback port, keeping its data in {@code dir}; close it. */
    static TestServer start(Path dir) {
        return start(options(dir));
    }

    /** Starts a server with {@code options}; close it. */
    static TestServer start(ServerOptions options) {
        return start(options, Clock.systemUTC());
    }

    /** Starts a server with {@code options} and {@code clock}; close it. */
    static TestServer start(ServerOptions options, Clock clock) {
        TestServer server = new TestServer(Scope.MANUAL, options, clock);
        server.hyper = HyperNano.start(options, server.clock);
        return server;
    }

    // ---- the running server

    /** The running server. */
    HyperNano hyper() {
        if (hyper == null) {
            throw new IllegalStateException("the test server is not running");
        }
        return hyper;
    }

    /** Its data directory. */
    Path dir() {
        return options.dataDir();
    }

    @Override
    public URI url() {
        return hyper().url();
    }

    /** Stops the server and starts a new one with the same options and clock (on another port). */
    void restart() {
        hyper().close();
        hyper = HyperNano.start(options, clock);
    }

    @Override
    public void close() {
        if (hyper != null) {
            hyper.close();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover folder in the temp dir is harmless
        }
    }

    // ---- in a child JVM

    /** Starts a server in a child JVM with data in {@code dir} and waits until it is ready. */
    static Child child(Path dir, String... serverArgs) {
        return child(List.of(), dir, serverArgs);
    }

    /**
     * Starts {@code hyper.server.Main} on the test class path in a JVM with {@code jvmOptions} (such as
     * {@code -Xmx128m}), on a port of its choosing with data in {@code dir} and {@code serverArgs} after the
     * usual flags, and waits until it says where it listens.
     */
    static Child child(List<String> jvmOptions, Path dir, String... serverArgs) {
        List<String> jvm = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        jvm.addAll(jvmOptions);
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--dir", dir.toString()));
        args.addAll(List.of(serverArgs));
        ChildProcess process = ChildProcess.java(jvm, System.getProperty("java.class.path"), Main.class.getName(), args);
        try {
            // the "listening on" line rather than the first answer: bootstrapping ends before it
            int port = Integer.parseInt(process.awaitOutput(Child.LISTENING, Duration.ofSeconds(60)).group(1));
            return new Child(process, port);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    /** hyper-nano in a child JVM, so that a test can kill it with SIGKILL and prove what survives. */
    static final class Child extends Http implements AutoCloseable {

        /** What {@code Main} prints once the routes are up and bootstrapping is done. */
        static final Pattern LISTENING = Pattern.compile("hyper nano \\S+ listening on http://[^:]+:(\\d+)");

        private final ChildProcess process;
        private final int port;

        private Child(ChildProcess process, int port) {
            this.process = process;
            this.port = port;
        }

        @Override
        public URI url() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** SIGKILL: no shutdown hook runs, nothing is flushed by the server. */
        void kill9() {
            process.kill9();
        }

        /** SIGTERM: the server shuts down cleanly. Returns the exit code. */
        int terminate() {
            return process.stop(Duration.ofSeconds(30));
        }

        /** What the server printed so far. */
        String log() {
            return process.output();
        }

        /** Waits until the server prints a match of {@code pattern}. */
        Matcher awaitLog(Pattern pattern, Duration timeout) {
            return process.awaitOutput(pattern, timeout);
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
