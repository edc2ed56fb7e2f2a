package hyper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3 service for a test class: S3Proxy with its {@code filesystem} backend, in a JVM of its own on a
 * free loopback port, keeping its buckets in a temporary directory. It checks request signatures (V2 and
 * V4) and presigned URLs like S3. {@link #stop} and {@link #restart} (same port, same files) let a test take
 * the engine away and bring it back with its data.
 *
 * <p>S3Proxy's class path is resolved by the Maven build of {@code test-engines/s3proxy}, which writes it to a
 * file; the module whose tests use it names that file in the system property
 * {@code hyper.s3proxy.classpath}. Without it a test is skipped, saying why, unless {@code CI=true} or
 * {@code HYPER_REQUIRE_CONTAINERS=true}: then it fails, so a missing engine never passes as "skipped".
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The credentials S3Proxy accepts. */
    public static final String ACCESS_KEY = "hyper-test-access";
    public static final String SECRET_KEY = "hyper-test-secret";

    private static final Pattern READY = Pattern.compile("Started \\S*ServerConnector");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String classPath;
    private final Path dir;
    private final int port;
    private ChildProcess process;

    private S3ProxyServer(String classPath, Path dir, int port) {
        this.classPath = classPath;
        this.dir = dir;
        this.port = port;
    }

    /** Starts S3Proxy and waits until it accepts connections; skips or fails the test when it cannot. */
    public static S3ProxyServer start() {
        String classPath = classPath();
        try {
            Path dir = Files.createTempDirectory("hyper-s3proxy");
            Files.createDirectories(dir.resolve("data"));
            S3ProxyServer s3 = new S3ProxyServer(classPath, dir, Ports.free());
            s3.writeConfiguration();
            s3.launch();
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classPath() {
        String file = System.getProperty("hyper.s3proxy.classpath", "");
        if (file.isBlank() || !Files.isRegularFile(Path.of(file))) {
            missing("S3Proxy's class path is not resolved (build with: ./dev mvn -pl <module> -am verify, which"
                    + " builds test-engines/s3proxy first; property hyper.s3proxy.classpath='" + file + "')");
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
            Assertions.fail(why + " (required: CI=true or HYPER_REQUIRE_CONTAINERS=true)");
        }
        Assumptions.abort(why + " (skipped; under CI=true this is a failure)");
    }

    private void writeConfiguration() throws IOException {
        Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data"),
                ""));
        // S3Proxy logs every Jetty detail at DEBUG without a configuration of its own
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
    }

    private void launch() {
        process = ChildProcess.java(List.of("-Xmx256m", "-Dlogback.configurationFile=" + dir.resolve("logback.xml")),
                classPath, "org.gaul.s3proxy.Main", List.of("--properties", dir.resolve("s3proxy.properties").toString()));
        process.awaitOutput(READY, START_TIMEOUT);
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, for an S3 client. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The hyper-nano storage URL of this engine, {@code s3://ACCESS:SECRET@127.0.0.1:<port>?tls=false} plus {@code query}. */
    public String url(String query) {
        return "s3://" + ACCESS_KEY + ":" + SECRET_KEY + "@127.0.0.1:" + port + "?tls=false"
                + (query.isEmpty() ? "" : "&" + query);
    }

    /** The folder S3Proxy keeps its buckets in, one folder each. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Whether it runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Takes the engine away at once (SIGKILL): connections break as when a host goes down. */
    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** Starts it again on the same port with the same buckets, and waits until it is ready. */
    public void restart() {
        stop();
        launch();
    }

    /** Stops it and deletes its folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover folder in the temp dir is harmless
        }
    }
}
