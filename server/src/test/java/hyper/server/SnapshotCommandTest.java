package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hyper.core.HyperException;
import hyper.testing.ChildProcess;
import hyper.testing.Poll;
import hyper.testing.WebhookTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyper-nano export <file>} and {@code hyper-nano import <file>} on the data directory of a stopped
 * server, run as the command a person types (a child JVM), and seed files written by hand.
 */
class SnapshotCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportThenImportCopiesEveryStoreOfAStoppedServerIndexesIncluded(@TempDir Path tmp) throws Exception {
        Path from = tmp.resolve("from");
        JsonNode before;
        try (TestServer server = TestServer.start(from)) {
            server.put("/data/movies").assertOk(201);
            server.post("/data/movies", "{\"_id\":\"m1\",\"title\":\"Alien\",\"year\":1979}").assertOk(201);
            server.post("/data/movies/_index", "{\"name\":\"by-year\",\"fields\":[{\"year\":\"ASC\"},{\"title\":\"DESC\"}]}")
                    .assertOk(201);
            server.put("/cache/sessions").assertOk(201);
            server.post("/cache/sessions", "{\"key\":\"alice\",\"value\":{\"cart\":3},\"ttl\":\"1h\"}").assertOk(201);
            server.put("/storage/media").assertOk(201);
            byte[] binary = new byte[700_000]; // more than one chunk of the streamed base64
            new Random(7).nextBytes(binary);
            server.post("/storage/media/photos/x.bin", binary, "application/octet-stream").assertOk(201);
            server.put("/search/films", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
            server.post("/search/films/_bulk", "[{\"id\":\"a\",\"title\":\"Alien\"}]").assertOk(201);
            server.put("/queue/mail", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}").assertOk(201);
            server.post("/queue/mail", "{\"to\":\"a@b.c\"}").assertOk(201);
            Poll.until(() -> server.get("/queue/mail?status=ERROR").json().path("jobs").size() == 1, "a failed job");
            before = server.get("/_admin/export").assertStatus(200).json();
        }
        assertEquals("by-year", before.path("data").path("movies").path("indexes").path(0).path("name").asText(),
                before.toString());

        Path file = tmp.resolve("snapshot.json");
        ChildProcess.Result exported = hyperNano("export", file.toString(), "--dir", from.toString());
        assertEquals(0, exported.exit(), exported.output());
        assertTrue(exported.output().contains("[INFO] wrote the snapshot " + file), exported.output());
        Path to = tmp.resolve("to");
        ChildProcess.Result imported = hyperNano("import", file.toString(), "--dir", to.toString());
        assertEquals(0, imported.exit(), imported.output());
        assertTrue(imported.output().contains("(merged into the stores)"), imported.output());

        try (TestServer server = TestServer.start(to)) {
            JsonNode after = server.get("/_admin/export").assertStatus(200).json();
            assertEquals(withoutTtls(before), withoutTtls(after));
            long ttl = after.path("cache").path("sessions").path("entries").path(0).path("ttl").asLong();
            assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "alice keeps her time to live: " + ttl);
            server.post("/data/movies/_index", "{\"name\":\"by-year\",\"fields\":[\"title\"]}").assertError(409);
        }
    }

    @Test
    void aRunningServerHoldsItsDirectory(@TempDir Path tmp) {
        Path dir = tmp.resolve("data");
        try (TestServer server = TestServer.start(dir)) {
            ChildProcess.Result refused = hyperNano("export", tmp.resolve("x.json").toString(), "--dir", dir.toString());
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("is in use by another hyper-nano"), refused.output());
            assertFalse(Files.exists(tmp.resolve("x.json")));

            HyperException second = assertThrows(HyperException.class, () -> TestServer.start(dir));
            assertTrue(second.getMessage().contains("is in use by another hyper-nano"), second.getMessage());
            server.get("/health").assertStatus(200);
        }
        try (TestServer again = TestServer.start(dir)) {
            again.get("/health").assertStatus(200); // a closed server lets go of its directory
        }
    }

    @Test
    void anOfflineImportDeliversNothingAndTheServerDeliversAtItsStart(@TempDir Path tmp) throws Exception {
        try (WebhookTarget target = WebhookTarget.start()) {
            Path seed = tmp.resolve("seed.json");
            Files.writeString(seed, """
                    {"format": "hyper-nano snapshot", "version": 1,
                     "queue": {"mail": {"target": "%s", "jobs": [{"status": "READY", "job": {"to": "a@b.c"}}]}}}
                    """.formatted(target.url()), StandardCharsets.UTF_8);
            Path dir = tmp.resolve("data");
            ChildProcess.Result imported = hyperNano("import", seed.toString(), "--dir", dir.toString());
            assertEquals(0, imported.exit(), imported.output());
            assertEquals(0, target.count(), "the offline command only writes the stores");

            Path file = tmp.resolve("out.json");
            assertEquals(0, hyperNano("export", file.toString(), "--dir", dir.toString()).exit());
            assertEquals("READY", JSON.readTree(file.toFile()).path("queue").path("mail").path("jobs").path(0)
                    .path("status").asText());
            assertEquals(0, target.count());

            try (TestServer server = TestServer.start(dir)) {
                Poll.until(() -> target.count() == 1, "the job delivered once the server runs");
            }
        }
    }

    @Test
    void aSeedTakesObjectsFromFilesBesideItTextTtlsAsTheApiWritesThemAndIndexes(@TempDir Path tmp) throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] logo = new byte[3_000];
        new Random(3).nextBytes(logo);
        Files.createDirectories(seedDir.resolve("files"));
        Files.write(seedDir.resolve("files/logo.png"), logo);
        Path seed = seedDir.resolve("seed.json");
        Files.writeString(seed, """
                {"format": "hyper-nano snapshot", "version": 1,
                 "data": {"movies": {"indexes": [{"name": "by-year", "fields": ["year"]}],
                                     "docs": [{"_id": "m1", "year": 1979}]}},
                 "cache": {"sessions": {"entries": [{"key": "alice", "value": {"cart": 3}, "ttl": "1h"}]}},
                 "storage": {"media": {"objects": [{"path": "img/logo.png", "file": "files/logo.png"},
                                                  {"path": "hello.txt", "text": "héllo"}]}}}
                """, StandardCharsets.UTF_8);
        Path dir = tmp.resolve("data");
        // the seed's files are found beside it, whatever directory the command runs in
        ChildProcess.Result imported = hyperNano("import", seed.toString(), "--dir", dir.toString());
        assertEquals(0, imported.exit(), imported.output());
        try (TestServer server = TestServer.start(dir)) {
            assertArrayEquals(logo, server.get("/storage/media/img/logo.png").assertStatus(200).bytes());
            assertEquals("héllo", new String(server.get("/storage/media/hello.txt").bytes(), StandardCharsets.UTF_8));
            long ttl = server.get("/_admin/cache/sessions").json().path("entries").path(0).path("ttl").asLong();
            assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "ttl " + ttl);
            JsonNode exported = server.get("/_admin/export").json();
            assertEquals("year", exported.path("data").path("movies").path("indexes").path(0).path("fields").path(0)
                    .asText(), exported.toString());
        }
    }

    @Test
    void aBadSeedNamesItsPlaceAndImportsNothing(@TempDir Path tmp) throws Exception {
        Path seed = tmp.resolve("seed.json");
        Files.writeString(seed, """
                {"format": "hyper-nano snapshot", "version": 1,
                 "cache": {"sessions": {"entries": [{"key": "alice", "value": {}}]}},
                 "storage": {"media": {"objects": [{"path": "a.txt", "text": "a"},
                                                  {"path": "b.png", "file": "missing.png"}]}}}
                """, StandardCharsets.UTF_8);
        Path dir = tmp.resolve("data");
        ChildProcess.Result refused = hyperNano("import", seed.toString(), "--dir", dir.toString());
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("[ERROR] cannot import " + seed
                + ": snapshot storage.media.objects[1].file: no readable file"), refused.output());
        assertFalse(refused.output().contains("Exception"), refused.output());

        Files.writeString(seed, """
                {"format": "hyper-nano snapshot", "version": 1,
                 "cache": {"sessions": {"entries": [{"key": "alice", "value": {}, "ttl": "soon"}]}}}
                """, StandardCharsets.UTF_8);
        refused = hyperNano("import", seed.toString(), "--dir", dir.toString());
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("snapshot cache.sessions.entries[0].ttl:"), refused.output());

        try (TestServer server = TestServer.start(dir)) {
            JsonNode stores = server.get("/_admin/stores").json().path("stores");
            assertEquals(0, stores.path("cache").size(), "nothing half-imported: " + stores);
            assertEquals(0, stores.path("storage").size(), stores.toString());
            // over HTTP a snapshot may not name files of the server's machine
            assertEquals("snapshot storage.media.objects[0].file: only a seed file on disk may name files"
                    + " (send base64 or text)", server.post("/_admin/import", "{\"format\":\"hyper-nano snapshot\","
                    + "\"version\":1,\"storage\":{\"media\":{\"objects\":[{\"path\":\"p\",\"file\":\"/etc/passwd\"}]}}}")
                    .assertError(422).msg());
        }
    }

    @Test
    void theCommandsSayHowTheyAreUsed(@TempDir Path tmp) {
        ChildProcess.Result noFile = hyperNano("import");
        assertEquals(2, noFile.exit(), noFile.output());
        assertTrue(noFile.output().contains("import needs a file"), noFile.output());
        ChildProcess.Result replaceOnExport = hyperNano("export", "x.json", "--replace");
        assertEquals(2, replaceOnExport.exit(), replaceOnExport.output());
        ChildProcess.Result noDirectory = hyperNano("export", tmp.resolve("x.json").toString(), "--dir",
                tmp.resolve("none").toString());
        assertEquals(1, noDirectory.exit(), noDirectory.output());
        assertTrue(noDirectory.output().contains("there is no data directory"), noDirectory.output());
        assertFalse(Files.exists(tmp.resolve("none")), "export creates no directory");
    }

    @Test
    void importWithReplaceTakesThePlaceOfEveryStore(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        try (TestServer server = TestServer.start(dir)) {
            server.put("/data/old").assertOk(201);
            server.put("/cache/old").assertOk(201);
        }
        Path seed = tmp.resolve("seed.json");
        Files.writeString(seed, "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"cache\":{\"new\":{}}}",
                StandardCharsets.UTF_8);
        ChildProcess.Result replaced = hyperNano("import", seed.toString(), "--replace", "--dir", dir.toString());
        assertEquals(0, replaced.exit(), replaced.output());
        try (TestServer server = TestServer.start(dir)) {
            JsonNode stores = server.get("/_admin/stores").json().path("stores");
            assertEquals(0, stores.path("data").size(), stores.toString());
            assertEquals(List.of("new"), stores.path("cache").findValuesAsText("name"));
        }
    }

    /** Runs {@code hyper-nano <args>} in a child JVM to its end. */
    private static ChildProcess.Result hyperNano(String... args) {
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of(args))) {
            int exit = main.waitFor(Duration.ofSeconds(90));
            return new ChildProcess.Result(exit, main.output());
        }
    }

    private static JsonNode withoutTtls(JsonNode snapshot) {
        JsonNode copy = snapshot.deepCopy();
        copy.path("cache").forEach(store -> store.path("entries").forEach(entry -> ((ObjectNode) entry).remove("ttl")));
        return copy;
    }
}
