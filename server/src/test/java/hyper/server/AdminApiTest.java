package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.TestClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin API under {@code /_admin} over HTTP against a real server: the stores of every service, paged
 * listings inside a store, reset (under concurrent writes too), and the error envelope for bad input.
 */
class AdminApiTest {

    final TestClock clock = new TestClock();

    @RegisterExtension
    final TestServer server = TestServer.perTest(clock);

    // ---- stores

    @Test
    void storesOfEveryServiceAreListedByNameWithCounts() {
        server.put("/cache/zebra").assertOk(201);
        server.put("/cache/apple").assertOk(201);
        server.post("/cache/zebra", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
        server.put("/data/movies").assertOk(201);
        server.post("/data/movies", "{\"_id\":\"1\",\"title\":\"Alien\"}").assertOk(201);
        server.put("/storage/media").assertOk(201);
        server.put("/search/films", "{\"fields\":[\"title\"]}").assertOk(201);
        server.put("/queue/jobs", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}").assertOk(201);

        JsonNode reply = server.get("/_admin/stores").assertOk(200).json();
        JsonNode stores = reply.path("stores");
        assertEquals(List.of("data", "cache", "storage", "search", "queue"), fieldNames(stores));
        assertEquals("[{\"name\":\"apple\",\"count\":0},{\"name\":\"zebra\",\"count\":1}]",
                stores.path("cache").toString());
        assertEquals("[{\"name\":\"movies\",\"count\":1}]", stores.path("data").toString());
        assertEquals("[{\"name\":\"media\"}]", stores.path("storage").toString(), "no count: it would walk the folders");
        assertEquals("[{\"name\":\"films\",\"count\":0}]", stores.path("search").toString());
        assertEquals("[{\"name\":\"jobs\",\"count\":0}]", stores.path("queue").toString());
    }

    @Test
    void anEmptyServerHasNoStores() {
        assertEquals("{\"ok\":true,\"stores\":{\"data\":[],\"cache\":[],\"storage\":[],\"search\":[],\"queue\":[]}}",
                server.get("/_admin/stores").assertOk(200).text());
    }

    // ---- listings

    @Test
    void documentsOfADatabaseArePagedByCursor() {
        server.put("/data/movies").assertOk(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "m" + i;
            ids.add(id);
            server.post("/data/movies", "{\"_id\":\"" + id + "\",\"n\":" + i + "}").assertOk(201);
        }
        List<JsonNode> docs = all("/_admin/data/movies", "docs", 3);
        assertEquals(ids, docs.stream().map(d -> d.path("_id").asText()).toList());
        assertEquals(4, docs.get(4).path("n").asInt());
        JsonNode single = server.get("/_admin/data/movies").assertOk(200).json();
        assertEquals(7, single.path("docs").size(), "100 by default");
        assertTrue(single.path("next").isNull());
    }

    @Test
    void cacheEntriesAreListedWithTheirRemainingTtl() {
        server.put("/cache/movies").assertOk(201);
        server.post("/cache/movies", "{\"key\":\"b\",\"value\":{\"n\":2},\"ttl\":\"1m\"}").assertOk(201);
        server.post("/cache/movies", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
        server.post("/cache/movies", "{\"key\":\"c\",\"value\":{\"n\":3},\"ttl\":\"5s\"}").assertOk(201);
        clock.advance(Duration.ofSeconds(10));
        JsonNode page = server.get("/_admin/cache/movies?limit=1").assertOk(200).json();
        assertEquals("[{\"key\":\"a\",\"value\":{\"n\":1},\"ttl\":null}]", page.path("entries").toString());
        JsonNode last = server.get("/_admin/cache/movies?limit=1&cursor=" + page.path("next").asText())
                .assertOk(200).json();
        assertEquals("[{\"key\":\"b\",\"value\":{\"n\":2},\"ttl\":50000}]", last.path("entries").toString());
        assertTrue(last.path("next").isNull(), "the expired entry is not listed");
    }

    @Test
    void bucketObjectsAreListedWithSizeTypeAndFolders() {
        server.put("/storage/media").assertOk(201);
        upload("/storage/media/notes.txt", "hello");
        upload("/storage/media/photos/cat.png", "meow!");
        upload("/storage/media/photos/2024/dog.png", "woof");
        List<JsonNode> objects = all("/_admin/storage/media", "objects", 2);
        assertEquals(List.of("notes.txt", "photos/2024/dog.png", "photos/cat.png"),
                objects.stream().map(o -> o.path("path").asText()).toList());
        JsonNode notes = objects.getFirst();
        assertEquals(5, notes.path("size").asLong());
        assertTrue(notes.path("type").asText().startsWith("text/plain"), notes.toString());
        assertTrue(notes.path("modified").asText().endsWith("Z"), notes.toString());

        JsonNode top = server.get("/_admin/storage/media?delimiter=/").assertOk(200).json().path("objects");
        assertEquals(List.of("notes.txt", "photos/"), top.findValuesAsText("path"));
        assertTrue(top.get(1).path("folder").asBoolean());
        JsonNode photos = server.get("/_admin/storage/media?delimiter=/&prefix=photos/").assertOk(200).json();
        assertEquals(List.of("photos/2024/", "photos/cat.png"), photos.path("objects").findValuesAsText("path"));
        assertEquals("image/png", photos.path("objects").get(1).path("type").asText());
    }

    @Test
    void searchDocumentsArePagedByKey() {
        server.put("/search/films", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
        server.post("/search/films/_bulk", "[{\"id\":\"c\",\"title\":\"Chinatown\"},{\"id\":\"a\",\"title\":\"Alien\"},"
                + "{\"id\":\"b\",\"title\":\"Brazil\"}]").assertOk(201);
        List<JsonNode> docs = all("/_admin/search/films", "docs", 2);
        assertEquals(List.of("a", "b", "c"), docs.stream().map(d -> d.path("_id").asText()).toList());
        assertEquals("Brazil", docs.get(1).path("title").asText());
    }

    @Test
    void queueJobsAreListedWithTheirStatus() {
        server.put("/queue/jobs", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}").assertOk(201);
        for (int i = 0; i < 3; i++) {
            server.post("/queue/jobs", "{\"n\":" + i + "}").assertOk(201);
        }
        Poll.until(() -> server.get("/queue/jobs?status=ERROR").json().path("jobs").size() == 3, "three failed jobs");
        List<JsonNode> jobs = all("/_admin/queue/jobs", "jobs", 2);
        assertEquals(3, jobs.size());
        assertEquals(List.of(0, 1, 2), jobs.stream().map(j -> j.path("job").path("n").asInt()).toList());
        JsonNode first = jobs.getFirst();
        assertEquals("ERROR", first.path("status").asText());
        assertFalse(first.path("error").asText().isEmpty(), first.toString());
        assertTrue(first.path("id").isTextual());
        assertEquals(3, server.get("/_admin/queue/jobs?status=ERROR").assertOk(200).json().path("jobs").size());
        assertEquals(0, server.get("/_admin/queue/jobs?status=READY").assertOk(200).json().path("jobs").size());
    }

    // ---- bad input

    @Test
    void unknownStoresAre404InTheirServicesWords() {
        assertEquals("database does not exist", server.get("/_admin/data/nope").assertError(404).msg());
        assertEquals("cache not found", server.get("/_admin/cache/nope").assertError(404).msg());
        assertEquals("bucket does not exist", server.get("/_admin/storage/nope").assertError(404).msg());
        assertEquals("index not found", server.get("/_admin/search/nope").assertError(404).msg());
        assertEquals("queue not found", server.get("/_admin/queue/nope").assertError(404).msg());
        assertEquals("not found!", server.get("/_admin/nothing/here").assertError(404).msg());
    }

    @Test
    void badArgumentsAreRefusedWithTheEnvelope() {
        server.put("/cache/movies").assertOk(201);
        server.put("/storage/media").assertOk(201);
        server.put("/queue/jobs", "{\"target\":\"http://127.0.0.1:1/\"}").assertOk(201);
        for (String limit : List.of("0", "1001", "-1", "x", "1.5", "")) {
            assertEquals("Invalid Arguments 'limit': Number must be an integer between 1 and 1000.",
                    server.get("/_admin/cache/movies?limit=" + limit).assertError(422).msg(), limit);
        }
        server.get("/_admin/cache/movies?limit=1&limit=2").assertError(422);
        assertEquals("cursor is not valid: pass the 'next' of a previous page",
                server.get("/_admin/cache/movies?cursor=***").assertError(400).msg());
        server.get("/_admin/queue/jobs?cursor=" + URLEncoder.encode("eA", StandardCharsets.UTF_8)).assertError(400);
        server.get("/_admin/queue/jobs?status=DONE").assertError(422);
        server.get("/_admin/storage/media?delimiter=x").assertError(422);
        assertEquals("name is not valid", server.get("/_admin/cache/bad%20name").assertError(422).msg());
        assertEquals("Invalid Arguments 'services': Invalid enum value. Expected 'data' | 'cache' | 'storage' |"
                        + " 'search' | 'queue', received 'files'.",
                server.post("/_admin/reset", "{\"services\":[\"files\"]}").assertError(422).msg());
        server.post("/_admin/reset", "{\"services\":\"cache\"}").assertError(422);
        server.post("/_admin/reset", "{\"services\":[1]}").assertError(422);
        server.post("/_admin/reset", "[\"cache\"]").assertError(422);
        server.post("/_admin/reset", "{\"services\":").assertError(400);
        server.get("/_admin/cache/movies").assertOk(200);
        assertEquals(1, stores("cache").size(), "no bad reset removed anything");
    }

    // ---- reset

    @Test
    void resetRemovesEveryStoreOfTheServicesNamed() {
        server.put("/cache/c1").assertOk(201);
        server.put("/data/d1").assertOk(201);
        server.put("/storage/b1").assertOk(201);
        upload("/storage/b1/a/b.txt", "x");
        server.put("/search/i1", "{\"fields\":[\"title\"]}").assertOk(201);
        server.put("/queue/q1", "{\"target\":\"http://127.0.0.1:1/\"}").assertOk(201);

        assertEquals("{\"ok\":true}", server.post("/_admin/reset", "{\"services\":[\"cache\",\"data\"]}")
                .assertOk(200).text());
        assertEquals(0, stores("cache").size());
        assertEquals(0, stores("data").size());
        assertEquals(1, stores("storage").size());
        assertEquals(1, stores("search").size());
        assertEquals(1, stores("queue").size());
        server.get("/cache/c1/x").assertError(404);

        server.send("POST", "/_admin/reset", (String) null).assertOk(200);
        for (String service : List.of("data", "cache", "storage", "search", "queue")) {
            assertEquals(0, stores(service).size(), service);
        }
        server.put("/storage/b1").assertOk(201);
        server.get("/storage/b1/a/b.txt").assertError(404);
        server.put("/cache/c1").assertOk(201);
    }

    @Test
    void resetUnderConcurrentWritesAnswersNo5xxAndLeavesTheServerUsable() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, String> serverErrors = new ConcurrentHashMap<>();
        AtomicInteger writes = new AtomicInteger();
        List<Writer> writers = List.of(
                n -> List.of(server.put("/cache/w"), server.post("/cache/w", "{\"key\":\"k" + n + "\",\"value\":{}}")),
                n -> List.of(server.put("/data/w"), server.post("/data/w", "{\"_id\":\"d" + n + "\"}")),
                n -> List.of(server.put("/storage/w"), server.post("/storage/w/f/" + n + ".txt",
                        ("x" + n).getBytes(StandardCharsets.UTF_8), "text/plain")),
                n -> List.of(server.put("/search/w", "{\"fields\":[\"t\"]}"),
                        server.post("/search/w", "{\"key\":\"s" + n + "\",\"doc\":{\"t\":\"x\"}}")),
                n -> List.of(server.put("/queue/w", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}"),
                        server.post("/queue/w", "{\"n\":" + n + "}")));
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            List<Future<?>> running5 = new ArrayList<>();
            for (Writer writer : writers) {
                running5.add(pool.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        for (Http.Reply reply : writer.write(n)) {
                            if (reply.status() >= 500) {
                                serverErrors.put(reply.response().request().method() + " " + reply.response().request().uri().getPath(),
                                        reply.status() + " " + reply.text());
                            }
                        }
                        writes.incrementAndGet();
                    }
                    return null;
                }));
            }
            Poll.until(() -> writes.get() > 50, "writes under way");
            for (int i = 0; i < 10; i++) {
                Http.Reply reset = server.send("POST", "/_admin/reset", (String) null);
                assertEquals(200, reset.status(), reset.text());
            }
            running.set(false);
            for (Future<?> writer : running5) {
                writer.get();
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
        assertTrue(serverErrors.isEmpty(), "server errors: " + serverErrors);
        server.post("/_admin/reset", "{}").assertOk(200);
        server.put("/cache/after").assertOk(201);
        server.post("/cache/after", "{\"key\":\"k\",\"value\":{\"n\":1}}").assertOk(201);
        assertEquals(1, server.get("/cache/after/k").json().path("n").asInt());
        server.put("/data/after").assertOk(201);
        server.put("/storage/after").assertOk(201);
        server.put("/search/after", "{\"fields\":[\"t\"]}").assertOk(201);
        server.put("/queue/after", "{\"target\":\"http://127.0.0.1:1/\"}").assertOk(201);
        assertEquals(List.of("after"), stores("storage").stream().map(s -> s.path("name").asText()).toList());
    }

    // ---- export and import

    @Test
    void anExportTakenWhileWritesRunIsOnePointInTimePerStore() throws Exception {
        // 1,500 documents: more than one page of the export. A writer sets one round number on all of them
        // in each bulk write; an export read page by page while bulks land would mix two rounds.
        int docs = 1500;
        server.put("/data/rounds").assertOk(201);
        server.put("/cache/rounds").assertOk(201);
        server.post("/data/rounds/_bulk", bulk(docs, 0)).assertOk(201);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> dataWriter = pool.submit(() -> {
                while (running.get()) {
                    server.post("/data/rounds/_bulk", bulk(docs, rounds.incrementAndGet())).assertOk(201);
                }
            });
            Future<?> cacheWriter = pool.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    int status = server.send("PUT", "/cache/rounds/k" + (n % 50), "{\"n\":" + n + "}").status();
                    assertTrue(status == 200 || status == 201, "cache write " + status);
                }
            });
            for (int export = 0; export < 4; export++) {
                int before = rounds.get();
                JsonNode snapshot = server.get("/_admin/export").assertStatus(200).json();
                JsonNode exported = snapshot.path("data").path("rounds").path("docs");
                assertEquals(docs, exported.size());
                java.util.Set<Integer> seen = new java.util.TreeSet<>();
                exported.forEach(doc -> seen.add(doc.path("round").asInt()));
                assertEquals(1, seen.size(), "one round in the export " + export + " (writes had reached round "
                        + before + "): " + seen);
                assertTrue(snapshot.path("cache").path("rounds").path("entries").size() > 0);
            }
            running.set(false);
            dataWriter.get();
            cacheWriter.get();
            assertTrue(rounds.get() >= 2, "the bulks ran while exporting: " + rounds.get());
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    private static String bulk(int docs, int round) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < docs; i++) {
            body.append(i == 0 ? "" : ",").append("{\"_id\":\"d").append(String.format("%05d", i))
                    .append("\",\"round\":").append(round).append('}');
        }
        return body.append(']').toString();
    }

    @Test
    void exportThenResetThenImportGivesTheSameStores() throws Exception {
        server.put("/data/movies").assertOk(201);
        server.post("/data/movies", "{\"_id\":\"m1\",\"title\":\"Alien\",\"year\":1979,\"tags\":[\"a\",{\"b\":null}]}")
                .assertOk(201);
        server.post("/data/movies", "{\"_id\":\"m2\",\"title\":\"Brazil\"}").assertOk(201);
        server.put("/cache/sessions").assertOk(201);
        server.post("/cache/sessions", "{\"key\":\"alice\",\"value\":{\"cart\":3},\"ttl\":\"1h\"}").assertOk(201);
        server.post("/cache/sessions", "{\"key\":\"bob\",\"value\":{}}").assertOk(201);
        server.put("/storage/media").assertOk(201);
        byte[] binary = new byte[70_000];
        new java.util.Random(7).nextBytes(binary);
        server.post("/storage/media/photos/x.bin", binary, "application/octet-stream").assertOk(201);
        upload("/storage/media/notes.txt", "hello");
        server.put("/search/films", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
        server.post("/search/films/_bulk", "[{\"id\":\"a\",\"title\":\"Alien\"},{\"id\":\"b\",\"title\":\"Brazil\"}]")
                .assertOk(201);
        server.put("/queue/mail", "{\"target\":\"http://127.0.0.1:1/\",\"secret\":\"s\",\"retries\":0}").assertOk(201);
        server.post("/queue/mail", "{\"to\":\"a@b.c\"}").assertOk(201);
        Poll.until(() -> server.get("/queue/mail?status=ERROR").json().path("jobs").size() == 1, "a failed job");
        String before = everything();

        Http.Reply export = server.get("/_admin/export").assertStatus(200);
        JsonNode snapshot = export.json();
        assertEquals("hyper-nano snapshot", snapshot.path("format").asText());
        assertEquals("http://127.0.0.1:1/", snapshot.path("queue").path("mail").path("target").asText());
        server.post("/_admin/reset", "{}").assertOk(200);
        assertEquals(0, stores("data").size());
        server.post("/_admin/import?mode=replace", export.text()).assertOk(200);

        assertEquals(before, everything());
        assertTrue(java.util.Arrays.equals(binary, server.get("/storage/media/photos/x.bin").assertStatus(200).bytes()),
                "object bytes");
        assertEquals("a", server.post("/search/films/_query", "{\"query\":\"alien\"}").assertOk(200).json()
                .path("matches").get(0).path("id").asText(), "the index answers queries");
        assertEquals(1, server.get("/queue/mail?status=ERROR").json().path("jobs").size());
    }

    @Test
    void importMergesIntoWhatIsThereAndReplaceStartsAfresh() {
        server.put("/cache/kept").assertOk(201);
        server.post("/cache/kept", "{\"key\":\"old\",\"value\":{\"n\":0}}").assertOk(201);
        String snapshot = "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"cache\":{\"kept\":{\"entries\":"
                + "[{\"key\":\"new\",\"value\":{\"n\":1},\"ttl\":null}]}}}";
        server.post("/_admin/import", snapshot).assertOk(200);
        assertEquals(List.of("new", "old"), server.get("/_admin/cache/kept").json().path("entries").findValuesAsText("key"));
        server.put("/data/gone").assertOk(201);
        server.post("/_admin/import?mode=replace", snapshot).assertOk(200);
        assertEquals(List.of("new"), server.get("/_admin/cache/kept").json().path("entries").findValuesAsText("key"));
        assertEquals(0, stores("data").size());
    }

    @Test
    void aBadSnapshotNamesItsMistakeAndImportsNothing() {
        String bad = "{\"format\":\"hyper-nano snapshot\",\"version\":1,"
                + "\"data\":{\"movies\":{\"docs\":[{\"_id\":\"m1\"}]}},"
                + "\"cache\":{\"c1\":{\"entries\":[{\"key\":\"ok\",\"value\":{}},{\"key\":\"BAD KEY\",\"value\":{}}]}}}";
        assertEquals("snapshot cache.c1.entries[1].key: key is not valid",
                server.post("/_admin/import", bad).assertError(422).msg());
        assertEquals("snapshot format: not a hyper-nano snapshot of version 1",
                server.post("/_admin/import", "{\"data\":{}}").assertError(422).msg());
        assertEquals("snapshot cache.bad name: name is not valid", server.post("/_admin/import",
                "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"cache\":{\"bad name\":{}}}").assertError(422).msg());
        server.post("/_admin/import", "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"queue\":{\"q\":"
                + "{\"target\":\"ftp://x/\"}}}").assertError(422);
        server.post("/_admin/import", "{\"format\":\"hyper-nano snapshot\",\"version\":1,\"files\":{}}")
                .assertError(422);
        server.post("/_admin/import?mode=wipe", bad).assertError(422);
        server.post("/_admin/import", "[1]").assertError(422);
        server.post("/_admin/import", "{").assertError(400);
        for (String service : List.of("data", "cache", "storage", "search", "queue")) {
            assertEquals(0, stores(service).size(), "nothing imported: " + service);
        }
    }

    /** Every store and every listing, as text: equal before export and after import. */
    private String everything() {
        StringBuilder all = new StringBuilder(server.get("/_admin/stores").assertOk(200).text());
        for (var service : List.of("data", "cache", "storage", "search", "queue")) {
            for (JsonNode store : stores(service)) {
                String field = switch (service) {
                    case "cache" -> "entries";
                    case "storage" -> "objects";
                    case "queue" -> "jobs";
                    default -> "docs";
                };
                for (JsonNode item : all("/_admin/" + service + "/" + store.path("name").asText(), field, 1000)) {
                    if (item instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                        o.remove(List.of("id", "enqueued", "modified")); // new ids and times on import
                    }
                    all.append('\n').append(service).append(' ').append(item);
                }
            }
        }
        return all.toString();
    }

    @FunctionalInterface
    private interface Writer {
        List<Http.Reply> write(int n);
    }

    // ---- helpers

    /** Every item of a listing, following {@code next} with pages of {@code limit}. */
    private List<JsonNode> all(String path, String field, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String sep = path.contains("?") ? "&" : "?";
            JsonNode page = server.get(path + sep + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor))
                    .assertOk(200).json();
            assertTrue(page.path(field).size() <= limit);
            page.path(field).forEach(items::add);
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
            assertTrue(items.size() < 1000, "paging ends");
        } while (cursor != null);
        return items;
    }

    private List<JsonNode> stores(String service) {
        List<JsonNode> stores = new ArrayList<>();
        server.get("/_admin/stores").assertOk(200).json().path("stores").path(service).forEach(stores::add);
        return stores;
    }

    private void upload(String path, String content) {
        server.post(path, content.getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
