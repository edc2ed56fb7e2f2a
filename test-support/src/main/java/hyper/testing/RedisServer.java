package hyper.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for a test class: the machine's {@code redis-server} on a free loopback port, with no
 * persistence and its working folder in a temporary directory. {@link #stop} and {@link #restart} (same port)
 * let a test take the engine away and bring it back.
 *
 * <p>Without {@code redis-server} on the PATH (or where {@code HYPER_REDIS_SERVER} names it) a test is
 * skipped, saying why, unless {@code CI=true} or
 * {@code HYPER_REQUIRE_CONTAINERS=true}: then it fails, so a missing engine never passes as "skipped".
 */
public final class RedisServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path executable;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private ChildProcess process;

    private RedisServer(Path executable, Path dir, int port, List<String> extraArgs) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts a Redis with {@code extraArgs} added to its command line (such as {@code --requirepass s}) and
     * waits until it accepts connections. Skips or fails the test when there is no {@code redis-server}.
     */
    public static RedisServer start(String... extraArgs) {
        Path executable = find().orElseGet(() -> {
            missing("redis-server is not installed (Debian: apt-get install redis-server; or set HYPER_REDIS_SERVER)");
            return null;
        });
        try {
            RedisServer redis = new RedisServer(executable, Files.createTempDirectory("hyper-redis"), Ports.free(),
                    List.of(extraArgs));
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code HYPER_REDIS_SERVER} if set (it must then be there), else {@code redis-server} on the PATH. */
    public static Optional<Path> find() {
        String named = System.getenv("HYPER_REDIS_SERVER");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin";
        return Stream.of(path.split(Pattern.quote(File.pathSeparator))).filter(p -> !p.isBlank())
                .map(p -> Path.of(p, "redis-server")).filter(Files::isExecutable).findFirst();
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
            Assertions.fail(why + " (required: CI=true or HYPER_REQUIRE_CONTAINERS=true)");
        }
        Assumptions.abort(why + " (skipped; under CI=true this is a failure)");
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--logfile", ""));
        command.addAll(extraArgs);
        process = ChildProcess.start(dir, Map.of(), command);
        process.awaitOutput(READY, START_TIMEOUT);
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
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

    /** Starts it again on the same port, empty (nothing is persisted), and waits until it is ready. */
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
