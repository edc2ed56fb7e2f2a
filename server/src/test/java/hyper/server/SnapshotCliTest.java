package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hyper.core.HyperException;
import hyper.testing.ChildProcess;
import hyper.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --import} at start and {@code --export-on-exit} at a clean stop, on real servers over HTTP. */
class SnapshotCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportOnExitAtSigtermThenImportIntoAFreshDirectoryGivesTheSameStores(@TempDir Path tmp) throws Exception {
        Path snapshot = tmp.resolve("out/snapshot.json");
        JsonNode before;
        try (TestServer.Child first = TestServer.child(tmp.resolve("first"), "--export-on-exit", snapshot.toString())) {
            first.put("/data/movies").assertOk(201);
            first.post("/data/movies", "{\"_id\":\"m1\",\"title\":\"Alien\",\"year\":1979}").assertOk(201);
            first.put("/cache/sessions").assertOk(201);
            first.post("/cache/sessions", "{\"key\":\"alice\",\"value\":{\"cart\":3},\"ttl\":\"1h\"}").assertOk(201);
            first.post("/cache/sessions", "{\"key\":\"bob\",\"value\":{}}").assertOk(201);
            first.put("/storage/media").assertOk(201);
            byte[] binary = new byte[5_000];
            new java.util.Random(7).nextBytes(binary);
            first.post("/storage/media/photos/x.bin", binary, "application/octet-stream").assertOk(201);
            first.put("/search/films", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
            first.post("/search/films/_bulk", "[{\"id\":\"a\",\"title\":\"Alien\"}]").assertOk(201);
            first.put("/queue/mail", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}").assertOk(201);
            first.post("/queue/mail", "{\"to\":\"a@b.c\"}").assertOk(201);
            Poll.until(() -> first.get("/queue/mail?status=ERROR").json().path("jobs").size() == 1, "a failed job");
            before = first.get("/_admin/export").assertStatus(200).json();
            assertFalse(Files.exists(snapshot), "written at the stop only");

            first.terminate();
            assertTrue(first.log().contains("[INFO] wrote the snapshot " + snapshot), first.log());
        }
        assertTrue(Files.exists(snapshot));
        try (var files = Files.list(snapshot.getParent())) {
            assertEquals(List.of(snapshot), files.toList(), "no temporary file left beside it");
        }

        try (TestServer.Child second = TestServer.child(tmp.resolve("second"), "--import", snapshot.toString())) {
            assertTrue(second.log().contains("[INFO] imported the snapshot " + snapshot), second.log());
            JsonNode after = second.get("/_admin/export").assertStatus(200).json();
            long ttl = after.path("cache").path("sessions").path("entries").get(0).path("ttl").asLong();
            assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "alice keeps her time to live: " + ttl);
            assertEquals(withoutTtls(before), withoutTtls(after));
            assertEquals("a", second.post("/search/films/_query", "{\"query\":\"alien\"}").assertOk(200).json()
                    .path("matches").get(0).path("id").asText(), "the index answers queries");
        }
    }

    @Test
    void aBadImportFileIsOneLineAndTheServerNeverListensNorImportsAnything(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, """
                {"format": "hyper-nano snapshot", "version": 1,
                 "data": {"movies": {"docs": [{"_id": "m1"}]}},
                 "cache": {"sessions": {"entries": [{"key": "ok", "value": {}}, {"key": 7, "value": {}}]}}}
                """, StandardCharsets.UTF_8);
        Path dir = tmp.resolve("data");
        String out = refused(dir, "--import", bad.toString());
        assertTrue(out.contains("[ERROR] cannot start: cannot import " + bad
                + ": snapshot cache.sessions.entries[1].key: must be a string"), out);

        try (TestServer server = TestServer.start(dir)) {
            JsonNode stores = server.get("/_admin/stores").assertOk(200).json().path("stores");
            assertEquals(0, stores.path("data").size(), "nothing half-imported: " + stores);
            assertEquals(0, stores.path("cache").size(), stores.toString());
        }
    }

    @Test
    void aMissingOrMalformedImportFileIsOneLine(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("none.json");
        assertTrue(refused(tmp.resolve("a"), "--import", missing.toString())
                .contains("[ERROR] cannot start: cannot import " + missing + ": no such file"));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"format\": ", StandardCharsets.UTF_8);
        String out = refused(tmp.resolve("b"), "--import", broken.toString());
        assertTrue(out.contains("[ERROR] cannot start: cannot import " + broken + ": invalid JSON"), out);
    }

    @Test
    void importIntoADirectoryWithStoresMergesAndTheEmbeddedServerExportsOnClose(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        try (TestServer server = TestServer.start(dir)) {
            server.put("/cache/kept").assertOk(201);
            server.post("/cache/kept", "{\"key\":\"old\",\"value\":{\"n\":0}}").assertOk(201);
        }
        Path seed = tmp.resolve("seed.json");
        Files.writeString(seed, """
                {"format": "hyper-nano snapshot", "version": 1,
                 "cache": {"kept": {"entries": [{"key": "new", "value": {"n": 1}, "ttl": null}]},
                           "added": {"entries": []}}}
                """, StandardCharsets.UTF_8);
        Path out = tmp.resolve("exit.json");
        ServerOptions options = TestServer.options(dir).toBuilder().importFile(seed).exportOnExit(out).build();
        try (TestServer server = TestServer.start(options)) {
            assertEquals(List.of("[INFO] imported the snapshot " + seed + " (merged into the stores)"),
                    server.hyper().bootstrapLog());
            assertEquals(2, server.get("/_admin/cache/kept").assertOk(200).json().path("entries").size(),
                    "merged: the old entry stays beside the new one");
            assertEquals(200, server.get("/_admin/cache/added").status());
        }
        JsonNode written = JSON.readTree(out.toFile());
        assertEquals(List.of("added", "kept"), names(written.path("cache")));
    }

    @Test
    void theFirstRequestAnsweredSeesTheWholeImport(@TempDir Path tmp) throws Exception {
        StringBuilder entries = new StringBuilder();
        int n = 3000;
        for (int i = 0; i < n; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":{\"i\":")
                    .append(i).append("}}");
        }
        Path seed = tmp.resolve("seed.json");
        Files.writeString(seed, "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"cache\":{\"seeded\":"
                + "{\"entries\":[" + entries + "]}}}", StandardCharsets.UTF_8);
        int port;
        try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ServerOptions options = TestServer.options(tmp.resolve("data")).withPort(port).toBuilder().importFile(seed)
                .build();
        var starting = java.util.concurrent.CompletableFuture.supplyAsync(() -> HyperNano.start(options));
        hyper.testing.Http client = new hyper.testing.Http("127.0.0.1", port);
        try {
            hyper.testing.Http.Reply first = null;
            while (first == null) {
                try {
                    first = client.get("/_admin/stores"); // waits while the start runs
                } catch (java.io.UncheckedIOException notYetListening) {
                    assertFalse(starting.isCompletedExceptionally(), "the start failed");
                    Thread.sleep(5);
                }
            }
            assertEquals(n, first.assertOk(200).json().path("stores").path("cache").path(0).path("count").asInt(),
                    "the import was whole before the first answer");
        } finally {
            starting.join().close();
        }
    }

    @Test
    void aFailedStartWritesNoSnapshotOnExit(@TempDir Path tmp) throws Exception {
        Path seed = tmp.resolve("bad.json");
        Files.writeString(seed, "{\"format\": \"other\"}", StandardCharsets.UTF_8);
        Path out = tmp.resolve("exit.json");
        ServerOptions options = TestServer.options(tmp.resolve("data")).toBuilder().importFile(seed)
                .exportOnExit(out).build();
        HyperException e = org.junit.jupiter.api.Assertions.assertThrows(HyperException.class,
                () -> HyperNano.start(options));
        assertEquals("cannot import " + seed + ": snapshot format: not a hyper-nano snapshot of version 1",
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** Runs the server, which must refuse to start; returns what it printed. */
    private static String refused(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--dir", dir.toString()));
        all.addAll(List.of(args));
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), all)) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertEquals(1, out.lines().filter(l -> l.startsWith("[ERROR]")).count(), out);
            assertFalse(TestServer.Child.LISTENING.matcher(out).find(), out);
            assertFalse(out.contains("Exception"), out);
            return out;
        }
    }

    private static JsonNode withoutTtls(JsonNode snapshot) {
        JsonNode copy = snapshot.deepCopy();
        copy.path("cache").forEach(store -> store.path("entries").forEach(entry -> ((ObjectNode) entry).remove("ttl")));
        return copy;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
