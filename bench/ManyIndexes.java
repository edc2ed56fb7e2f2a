import hyper.search.LuceneSearch;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Many search indexes under a small descriptor limit: starts the packaged server in a child process with
 * {@code ulimit -n 1024}, creates the indexes over HTTP, writes into some of them, kills it ({@code kill -9}),
 * starts it again, checks every write, stops it cleanly and starts it once more; then times the search
 * adapter alone listing them. Prints what it measured: times, and the server's open file descriptors (from
 * {@code /proc}, so Linux only). Started by bench/many-indexes.sh.
 *
 * <p>Usage: java -cp 'server/target/libs/*' bench/ManyIndexes.java [indexes] [written]   (default 10000, 1000)
 */
public class ManyIndexes {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int DESCRIPTORS = 1024;
    static int port;
    /** The server running now, killed if the run fails. */
    static Process server;

    public static void main(String[] args) throws Exception {
        int indexes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int written = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path data = Files.createTempDirectory("many-indexes");
        System.out.printf("machine: %d cores, Java %s; server under ulimit -n %d, data in %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), DESCRIPTORS, data);

        try {
            run(data, indexes, written);
        } finally {
            if (server != null && server.isAlive()) {
                server.destroyForcibly().waitFor();
            }
        }
        try (Stream<Path> all = Files.walk(data)) {
            all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void run(Path data, int indexes, int written) throws Exception {
        server = start(data, "first start, empty");
        long t = System.nanoTime();
        for (int n = 0; n < indexes; n++) {
            call("PUT", "/search/i" + n, "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}", 201);
        }
        System.out.printf("created %,d indexes one after the other in %.1f s (%.1f ms each); server descriptors: %d%n",
                indexes, seconds(t), seconds(t) * 1000 / indexes, descriptors(server));

        List<Integer> chosen = new ArrayList<>();
        for (int n = 0; n < indexes; n++) {
            chosen.add(n);
        }
        Collections.shuffle(chosen, new Random(42));
        List<Integer> targets = List.copyOf(chosen.subList(0, Math.min(written, indexes)));
        t = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int n : targets) {
                done.add(clients.submit(() -> call("POST", "/search/i" + n,
                        "{\"key\":\"doc\",\"doc\":{\"title\":\"film number " + n + "\"}}", 201)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf("added a document to %,d random indexes from 8 clients in %.1f s; server descriptors: %d%n",
                targets.size(), seconds(t), descriptors(server));

        server.destroyForcibly().waitFor(); // kill -9: the writes of the last few seconds are only in the logs
        System.out.println("killed (SIGKILL)");

        server = start(data, "restart after kill -9");
        t = System.nanoTime();
        for (int n : targets) {
            String body = call("GET", "/search/i" + n + "/doc", null, 200);
            if (!body.contains("film number " + n)) {
                throw new IllegalStateException("i" + n + " lost its document: " + body);
            }
        }
        System.out.printf("read back all %,d documents (each index opened, its log replayed) in %.1f s; descriptors: %d%n",
                targets.size(), seconds(t), descriptors(server));
        for (int n : targets.subList(0, Math.min(5, targets.size()))) {
            String body = call("POST", "/search/i" + n + "/_query", "{\"query\":\"film " + n + "\"}", 200);
            if (!body.contains("\"id\":\"doc\"")) {
                throw new IllegalStateException("i" + n + " did not find its document: " + body);
            }
        }
        call("PUT", "/search/i" + indexes, "{\"fields\":[\"title\"]}", 201);
        call("POST", "/search/i" + indexes, "{\"key\":\"doc\",\"doc\":{\"title\":\"one more\"}}", 201);
        System.out.println("queried 5 of them; created and wrote one more index");

        stop(server);
        server = start(data, "restart after a clean stop");
        call("GET", "/search/i" + indexes + "/doc", null, 200);
        call("GET", "/search/i" + targets.getLast() + "/doc", null, 200);
        stop(server);

        for (int round = 0; round < 3; round++) {
            t = System.nanoTime();
            try (LuceneSearch search = new LuceneSearch(data.resolve("search"))) {
                System.out.printf("in-process: the search adapter listed the %,d indexes in %d ms%n", indexes + 1,
                        (System.nanoTime() - t) / 1_000_000);
            }
        }
    }

    /** Starts the server on a free port; prints how long until a search request is answered. */
    static Process start(Path data, String what) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = null;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + DESCRIPTORS + " && exec scripts/run-server.sh "
                + "server/target/libs --host 127.0.0.1 --port " + port + " --dir " + data)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        data.resolveSibling(data.getFileName() + ".log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long t = System.nanoTime();
        server = pb.start();
        for (int i = 0; i < 1200; i++) {
            try {
                int status = send("GET", "/search/none-such/doc", null).statusCode();
                if (status == 404) {
                    System.out.printf("%s: answering search requests %.2f s after the process started; descriptors: %d (limit %s)%n",
                            what, seconds(t), descriptors(server), limit(server));
                    return server;
                }
            } catch (IOException e) {
                Thread.sleep(50); // not listening yet
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("the server stopped: see " + data + ".log");
            }
        }
        server.destroyForcibly();
        throw new IllegalStateException("the server did not start");
    }

    static void stop(Process server) throws Exception {
        long t = System.nanoTime();
        server.destroy(); // SIGTERM: the shutdown hook closes the open indexes
        server.waitFor();
        System.out.printf("stopped cleanly in %.2f s%n", seconds(t));
    }

    static String call(String method, String path, String body, int expected) {
        try {
            HttpResponse<String> r = send(method, path, body);
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<String> send(String method, String path, String body) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The open descriptors of the server's JVM (the launcher script execs into it, keeping the pid). */
    static long descriptors(Process server) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(server.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static String limit(Process server) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(server.pid()), "limits")).stream()
                .filter(l -> l.startsWith("Max open files")).map(l -> l.split("\\s{2,}")[1]).findFirst().orElse("?");
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
