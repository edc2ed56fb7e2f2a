package hyper.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hyper-nano in a separate JVM (the test class path, {@code hyper.server.Main}), so a test can kill it
 * with SIGKILL and prove that acknowledged writes survive.
 */
final class ChildServer implements AutoCloseable {

    /** What {@code Main} prints once the routes are up and bootstrapping is done. */
    private static final Pattern LISTENING = Pattern.compile("hyper nano \\S+ listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private int port;

    private ChildServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a server on a port of its choosing with data in {@code dir} and waits until it is ready. */
    static ChildServer start(Path dir, String... serverArgs) {
        return start(List.of(), dir, serverArgs);
    }

    /**
     * Starts a server in a JVM with {@code jvmOptions} (such as {@code -Xmx128m}), data in {@code dir} and
     * {@code serverArgs} after the usual flags, and waits until it says where it listens.
     */
    static ChildServer start(List<String> jvmOptions, Path dir, String... serverArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--dir", dir.toString()));
        command.addAll(List.of(serverArgs));
        try {
            Path log = Files.createTempFile("hyper-child", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ChildServer child = new ChildServer(process, log);
            child.awaitReady();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Sends a request with a JSON body, or with none when {@code json} is null. */
    TestServer.Reply send(String method, String path, String json) {
        return json == null ? send(method, path, null, null)
                : send(method, path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Sends a request with {@code body} as {@code contentType}, or with no body when it is null. */
    TestServer.Reply send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url().resolve(path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return TestServer.exchange(request);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the server. */
    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the server shuts down cleanly. Returns the exit code. */
    int terminate() {
        process.destroy();
        return waitFor();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private int waitFor() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the "listening on" line rather than the first answer: bootstrapping ends before it. */
    private void awaitReady() {
        try {
            TestSupport.await(Duration.ofSeconds(60), this::listening, "the child server to start");
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new IllegalStateException(e.getMessage() + ":\n" + log(), e);
        }
    }

    private boolean listening() {
        String output = log();
        Matcher m = LISTENING.matcher(output);
        if (m.find()) {
            port = Integer.parseInt(m.group(1));
            return true;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output);
        }
        return false;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover log file in the temp dir is harmless
        }
    }
}
