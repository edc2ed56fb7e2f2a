package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data routes on the embedded engine, plus what only it has: its files, restarts, kill -9. */
class DataRoutesTest extends DataRoutesContract {

    @TempDir
    static Path dir;

    @Override
    TestServer startServer() {
        return TestServer.start(dir);
    }

    @Test
    void documentsAndIndexesSurviveARestart() {
        String db = newDb();
        server.post(db, "{\"_id\":\"keep\",\"year\":1980,\"nested\":{\"a\":[1,2.5]}}").assertOk(201);
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"year\"]}").assertOk(201);
        server.restart();
        assertEquals("{\"_id\":\"keep\",\"year\":1980,\"nested\":{\"a\":[1,2.5]}}", server.get(db + "/keep").text());
        server.put(db).assertError(409);
        // the index is still there: the same name with other fields is a conflict
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"title\"]}").assertError(409);
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"year\"]}").assertOk(201);
        assertTrue(Files.exists(dir.resolve("data")), "the engine keeps its files under <dataDir>/data");
    }

    @Test
    void bootstrapCreatesAndPurgesTheDomainDatabase(@TempDir Path other) {
        var options = TestServer.options(other).withDomain("movies");
        try (TestServer boot = TestServer.start(options.withBootstrap(Set.of("data"), Set.of()))) {
            boot.post("/data/movies", "{\"_id\":\"a\",\"v\":1}").assertOk(201);
        }
        try (TestServer again = TestServer.start(options.withBootstrap(Set.of("data"), Set.of()))) {
            assertEquals(1, again.get("/data/movies").json().path("docs").size());
        }
        try (TestServer purged = TestServer.start(options.withBootstrap(Set.of("data"), Set.of("data")))) {
            assertEquals(0, purged.get("/data/movies").json().path("docs").size());
        }
    }

    /** An acknowledged write is in the file before the reply: a server killed right after keeps it. */
    @Test
    void acknowledgedWritesSurviveKill9(@TempDir Path other) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = other.resolveSibling(other.getFileName() + ".log");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "hyper.server.Main", "--host", "127.0.0.1", "--port", "0", "--dir", other.toString(),
                "--experimental", "--data", "--domain", "killed")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Remote client = new Remote("http://127.0.0.1:" + listeningPort(child, log));
            for (int i = 0; i < 20; i++) {
                client.post("/data/killed", "{\"_id\":\"doc-" + i + "\",\"n\":" + i + "}").assertOk(201);
            }
            client.put("/data/killed/doc-0", "{\"n\":100}").assertOk(200);
            client.delete("/data/killed/doc-1").assertOk(200);
            client.post("/data/killed/_bulk", "[{\"_id\":\"doc-2\",\"_deleted\":true},{\"_id\":\"bulk\",\"n\":-1}]").assertOk(201);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor();
        }
        try (TestServer after = TestServer.start(other)) {
            var docs = after.get("/data/killed").json().path("docs");
            assertEquals(19, docs.size(), docs::toString);
            assertEquals(100, after.get("/data/killed/doc-0").json().path("n").asInt());
            after.get("/data/killed/doc-1").assertError(404);
            after.get("/data/killed/doc-2").assertError(404);
            assertEquals(19, after.get("/data/killed/doc-19").json().path("n").asInt());
            assertEquals(-1, after.get("/data/killed/bulk").json().path("n").asInt());
        }
    }

    /** Polls the child's log for its "listening on" line and returns the port it names. */
    private static int listeningPort(Process child, Path log) throws Exception {
        Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Matcher m = listening.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(child.isAlive() && Instant.now().isBefore(deadline), "the child server did not start");
            Thread.sleep(50);
        }
    }

    /** A minimal client for a server in another process. */
    private record Remote(String base) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        TestServer.Reply post(String path, String json) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        TestServer.Reply put(String path, String json) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)));
        }

        TestServer.Reply delete(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
        }

        private static TestServer.Reply send(HttpRequest.Builder request) throws Exception {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestServer.Reply(response.statusCode(), response, response.body());
        }
    }
}
