package hyper.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSearch for the tests of a JVM: the minimal distribution that the module's build copies from Maven
 * Central (system property {@code hyper.opensearch.zip}, plus the {@code analysis-common} module's jar in
 * {@code hyper.opensearch.modules}, which the minimal distribution leaves out and every full one has), run on
 * the tests' own JDK as a single node on a free loopback port with a 512 MiB heap. {@link #shared()} starts
 * one per JVM, since a start takes tens of seconds; test classes keep apart by prefix. {@link #stop} and
 * {@link #restart} (same port, same data) let a test take the engine away and bring it back.
 *
 * <p>OpenSearch refuses to run as root: as root, the distribution and the node's folders are given to the
 * unprivileged user 65534 ({@code nobody}) and the node runs as that user through {@code setpriv}.
 *
 * <p>Without the distribution a test is skipped, saying why, unless {@code CI=true} or
 * {@code HYPER_REQUIRE_CONTAINERS=true}: then it fails, so a missing engine never passes as "skipped".
 */
public final class OpenSearchServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final int UNPRIVILEGED = 65534;
    private static OpenSearchServer shared;

    private final Path home;
    private final Path runDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildProcess process;

    private OpenSearchServer(Path home, Path runDir, int port) {
        this.home = home;
        this.runDir = runDir;
        this.port = port;
    }

    /** The JVM's one OpenSearch, started on first use and stopped when the JVM exits. */
    public static synchronized OpenSearchServer shared() {
        if (shared == null) {
            shared = start();
            OpenSearchServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    /** Starts a node of its own and waits until its cluster is yellow or green. */
    public static OpenSearchServer start() {
        Path zip = distribution().orElseGet(() -> {
            missing("the OpenSearch distribution is not there (the module's build copies it into target/; "
                    + "run the tests through Maven, or set -Dhyper.opensearch.zip)");
            return null;
        });
        try {
            long unpacking = System.nanoTime();
            Path home = unpack(zip);
            System.out.printf("OpenSearch distribution at %s (%d ms)%n", home,
                    Duration.ofNanos(System.nanoTime() - unpacking).toMillis());
            Path runDir = Files.createTempDirectory("hyper-opensearch-node");
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(runDir.resolve(dir));
            }
            giveAway(runDir);
            OpenSearchServer server = new OpenSearchServer(home, runDir, Ports.free());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> distribution() {
        String named = System.getProperty("hyper.opensearch.zip", System.getenv("HYPER_OPENSEARCH_ZIP"));
        return Optional.ofNullable(named).filter(n -> !n.isBlank()).map(Path::of).filter(Files::isRegularFile);
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
            Assertions.fail(why + " (required: CI=true or HYPER_REQUIRE_CONTAINERS=true)");
        }
        Assumptions.abort(why + " (skipped; under CI=true this is a failure)");
    }

    /**
     * The distribution unpacked once per machine and zip under the temporary folder (which every user can
     * reach, unlike a checkout under /root), with the analysis-common module added; unpacked beside and
     * renamed into place, so a JVM never sees half a copy.
     */
    private static Path unpack(Path zip) throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"),
                "hyper-opensearch-" + Files.size(zip) + "-" + Files.getLastModifiedTime(zip).toMillis());
        if (Files.isDirectory(target)) {
            return home(target);
        }
        Path partial = Files.createTempDirectory(target.getParent(), "hyper-opensearch-unpacking");
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path out = partial.resolve(entry.getName()).normalize();
                if (!out.startsWith(partial)) {
                    throw new IOException("zip entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path home = home(partial);
        try (var scripts = Files.list(home.resolve("bin"))) {
            scripts.forEach(s -> s.toFile().setExecutable(true, false)); // zip entries carry no mode here
        }
        addAnalysisCommon(home);
        giveAway(partial);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) { // else another JVM won the race: use its copy
                throw e;
            }
        }
        return home(target);
    }

    /** The distribution's one top folder, {@code opensearch-<version>}. */
    private static Path home(Path unpacked) throws IOException {
        try (var tops = Files.list(unpacked)) {
            return tops.filter(p -> p.getFileName().toString().startsWith("opensearch-")).findFirst()
                    .orElseThrow(() -> new IOException("no opensearch-<version> folder in " + unpacked));
        }
    }

    /** The stock analyzers' module (lowercase, asciifolding ...), as a full distribution has it. */
    private static void addAnalysisCommon(Path home) throws IOException {
        String version = home.getFileName().toString().substring("opensearch-".length());
        Path modules = Path.of(System.getProperty("hyper.opensearch.modules", ""));
        Path jar = modules.resolve("analysis-common-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            missing("the analysis-common module of OpenSearch " + version + " is not there (-Dhyper.opensearch.modules)");
        }
        Path module = Files.createDirectories(home.resolve("modules/analysis-common"));
        Files.copy(jar, module.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(module.resolve("plugin-descriptor.properties"), """
                description=Adds "built in" analyzers to OpenSearch.
                version=%1$s
                name=analysis-common
                classname=org.opensearch.analysis.common.CommonAnalysisModulePlugin
                java.version=21
                opensearch.version=%1$s
                """.formatted(version));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root, hands {@code dir} to the unprivileged user the node runs as. */
    private static void giveAway(Path dir) {
        if (root()) {
            ChildProcess.Result chown = ChildProcess.run(null, Map.of(),
                    List.of("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, dir.toString()));
            if (chown.exit() != 0) {
                throw new IllegalStateException("chown " + dir + " failed: " + chown.output());
            }
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups"));
        }
        command.addAll(List.of(home.resolve("bin/opensearch").toString(),
                "-Ediscovery.type=single-node", "-Ecluster.name=hyper-test", "-Enode.name=hyper-test",
                "-Ehttp.host=127.0.0.1", "-Ehttp.port=" + port, "-Etransport.host=127.0.0.1",
                "-Etransport.port=" + Ports.free(), "-Epath.data=" + runDir.resolve("data"),
                "-Epath.logs=" + runDir.resolve("logs"),
                // a full disk on a shared test machine must not turn the indexes read-only mid-run
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        Map<String, String> env = new HashMap<>();
        env.put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        // C1 only: on a busy machine the start is CPU-bound, and a test node needs no peak speed
        env.put("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m -XX:TieredStopAtLevel=1");
        env.put("OPENSEARCH_TMPDIR", runDir.resolve("tmp").toString());
        process = ChildProcess.start(runDir, env, command);
        long started = System.nanoTime();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = process.output();
                stop();
                throw new AssertionError("OpenSearch did not start on port " + port + ":\n" + output);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        System.out.printf("OpenSearch ready on port %d after %d s%n", port,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private boolean healthy() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Its HTTP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether it runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Takes the engine away at once (SIGKILL): connections break as when a host goes down. */
    public synchronized void stop() {
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            process.close();
            process = null;
        }
    }

    /** Starts it again on the same port with the same data, and waits until it is ready. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops it and deletes the node's folders (the unpacked distribution stays for the next run). */
    @Override
    public void close() {
        stop();
        ChildProcess.run(null, Map.of(), List.of("rm", "-rf", runDir.toString()));
    }
}
