package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cache route over HTTP against a real server with a SQLite file in a temp directory. The server's
 * clock is a test clock: time to live is tested by moving it, never by waiting.
 */
class CacheRoutesTest {

    final TestClock clock = new TestClock();

    @RegisterExtension
    final TestServer server = TestServer.perTest(clock);

    @BeforeEach
    void createStore() {
        server.put("/cache/movies").assertOk(201);
    }

    @Test
    void createDestroyStore() {
        assertEquals("cache already exists", server.put("/cache/movies").assertError(409).msg());
        server.delete("/cache/movies").assertOk(200);
        assertEquals("cache not found", server.delete("/cache/movies").assertError(404).msg());
        server.put("/cache/movies").assertOk(201);
    }

    @Test
    void storeNamesAreLowerCasedAndValidatedOnEveryRoute() {
        server.put("/cache/MyStore").assertOk(201);
        server.post("/cache/MYSTORE", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
        assertEquals(1, server.get("/cache/mystore/a").json().path("n").asInt());
        assertEquals("name is not valid", server.put("/cache/_bad").assertError(422).msg());
        assertEquals("name is not valid", server.put("/cache/has%20space").assertError(422).msg());
        server.delete("/cache/-x").assertError(422);
        server.get("/cache/_x/_query").assertError(422);
        server.post("/cache/bad.name", "{\"key\":\"a\",\"value\":{}}").assertError(422);
        server.delete("/cache/MyStore").assertOk(200);
    }

    @Test
    void addGetInBothShapes() {
        server.post("/cache/movies", "{\"key\":\"dune\",\"value\":{\"title\":\"Dune\",\"year\":1984}}")
                .assertOk(201);
        var legacy = server.get("/cache/movies/dune").json();
        assertEquals("Dune", legacy.path("title").asText());
        assertTrue(legacy.path("year").isInt(), "integers stay integers");
        assertFalse(legacy.has("ok"));
        var shaped = server.get("/cache/movies/dune", Map.of("X-HYPER-LEGACY-GET", "false")).assertOk(200).json();
        assertEquals(1984, shaped.path("doc").path("year").asInt());
        assertFalse(server.get("/cache/movies/dune", Map.of("X-HYPER-LEGACY-GET", "true")).json().has("ok"));
    }

    @Test
    void addIsInsertOnly() {
        server.post("/cache/movies", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
        assertEquals("document conflict",
                server.post("/cache/movies", "{\"key\":\"a\",\"value\":{\"n\":2}}").assertError(409).msg());
        assertEquals(1, server.get("/cache/movies/a").json().path("n").asInt());
    }

    @Test
    void addRejectsBadArguments() {
        assertEquals("Invalid Arguments 'key': Required.",
                server.post("/cache/movies", "{\"value\":{}}").assertError(422).msg());
        assertEquals("Invalid Arguments 'value': Required.",
                server.post("/cache/movies", "{\"key\":\"a\"}").assertError(422).msg());
        assertEquals("Invalid Arguments 'value': Expected object, received array.",
                server.post("/cache/movies", "{\"key\":\"a\",\"value\":[1]}").assertError(422).msg());
        server.post("/cache/movies", "{\"key\":\"a\",\"value\":\"x\"}").assertError(422);
        server.post("/cache/movies", "{\"key\":5,\"value\":{}}").assertError(422);
        server.post("/cache/movies", "[{\"key\":\"a\"}]").assertError(422);
        assertEquals("ttl is not valid",
                server.post("/cache/movies", "{\"key\":\"a\",\"value\":{},\"ttl\":\"soon\"}").assertError(422).msg());
        server.post("/cache/movies", "{\"key\":\"a\",\"value\":{},\"ttl\":true}").assertError(422);
        assertEquals("document not found", server.get("/cache/movies/a").assertError(404).msg());
    }

    @Test
    void keysFollowTheRule() {
        for (String bad : List.of("Upper", "1digit", "has.dot", "has:colon", "has%20space", "_under")) {
            assertEquals("key is not valid", server.get("/cache/movies/" + bad).assertError(422).msg(), bad);
            server.put("/cache/movies/" + bad, "{}").assertError(422);
            server.delete("/cache/movies/" + bad).assertError(422);
        }
        server.post("/cache/movies", "{\"key\":\"a-b_c~d$e+f/g\",\"value\":{\"ok\":1}}").assertOk(201);
        assertEquals(1, server.get("/cache/movies/a-b_c~d$e+f%2Fg").json().path("ok").asInt());
    }

    @Test
    void missingStoreIs404OnEveryRoute() {
        String msg = "cache not found";
        assertEquals(msg, server.post("/cache/nostore", "{\"key\":\"a\",\"value\":{}}").assertError(404).msg());
        assertEquals(msg, server.get("/cache/nostore/a").assertError(404).msg());
        assertEquals(msg, server.put("/cache/nostore/a", "{}").assertError(404).msg());
        assertEquals(msg, server.delete("/cache/nostore/a").assertError(404).msg());
        assertEquals(msg, server.get("/cache/nostore/_query").assertError(404).msg());
    }

    @Test
    void setUpsertsAndShallowMerges() {
        server.put("/cache/movies/a", "{\"x\":1,\"y\":{\"deep\":1}}").assertOk(200);
        server.put("/cache/movies/a", "{\"x\":3,\"y\":{\"other\":2}}").assertOk(200);
        var value = server.get("/cache/movies/a").json();
        assertEquals(3, value.path("x").asInt());
        assertFalse(value.path("y").has("deep"), "nested objects are replaced wholesale");
        assertEquals(2, value.path("y").path("other").asInt());
        server.put("/cache/movies/a", "[1]").assertError(422);
        server.put("/cache/movies/a?ttl=nope", "{}").assertError(422);
        assertEquals(3, server.get("/cache/movies/a").json().path("x").asInt(), "rejected writes change nothing");
    }

    @Test
    void expiredEntriesAreGoneForEveryOperation() {
        server.post("/cache/movies", "{\"key\":\"short\",\"value\":{\"n\":1},\"ttl\":\"200ms\"}").assertOk(201);
        server.put("/cache/movies/short2?ttl=200ms", "{\"n\":1}").assertOk(200);
        server.post("/cache/movies", "{\"key\":\"long\",\"value\":{\"n\":1},\"ttl\":\"1h\"}").assertOk(201);
        server.post("/cache/movies", "{\"key\":\"num\",\"value\":{\"n\":1},\"ttl\":60000}").assertOk(201);
        clock.advance(Duration.ofMillis(150));
        assertEquals(1, server.get("/cache/movies/short").json().path("n").asInt(), "alive before its TTL");
        clock.advance(Duration.ofMillis(150));
        assertEquals("ttl expired!", server.get("/cache/movies/short").assertError(404).msg());
        assertEquals("document not found", server.get("/cache/movies/short").assertError(404).msg());
        var keys = keys(server.get("/cache/movies/_query?pattern=*").json());
        assertEquals(List.of("long", "num"), keys);
        // an expired key is absent for add too
        server.post("/cache/movies", "{\"key\":\"short2\",\"value\":{\"fresh\":true}}").assertOk(201);
        assertFalse(server.get("/cache/movies/short2").json().has("n"));
    }

    @Test
    void zeroOrNegativeTtlExpiresAtOnce() {
        server.post("/cache/movies", "{\"key\":\"z\",\"value\":{\"n\":1},\"ttl\":\"0\"}").assertOk(201);
        server.post("/cache/movies", "{\"key\":\"neg\",\"value\":{\"n\":1},\"ttl\":\"-1h\"}").assertOk(201);
        clock.advance(Duration.ofMillis(2)); // clamped to 1 ms: gone once the clock has moved past it
        server.get("/cache/movies/z").assertError(404);
        server.get("/cache/movies/neg").assertError(404);
    }

    @Test
    void setWithoutTtlClearsAnEarlierOne() {
        server.put("/cache/movies/keep?ttl=200ms", "{\"n\":1}").assertOk(200);
        server.put("/cache/movies/keep", "{\"m\":2}").assertOk(200);
        clock.advance(Duration.ofDays(1));
        var value = server.get("/cache/movies/keep").json();
        assertEquals(1, value.path("n").asInt());
        assertEquals(2, value.path("m").asInt());
    }

    @Test
    void removeIsIdempotent() {
        server.post("/cache/movies", "{\"key\":\"a\",\"value\":{}}").assertOk(201);
        server.delete("/cache/movies/a").assertOk(200);
        server.delete("/cache/movies/a").assertOk(200);
        server.get("/cache/movies/a").assertError(404);
    }

    @Test
    void queryByGlobPatternInInsertionOrder() {
        for (String k : List.of("movie-2", "movie-1", "album-1", "movie-3", "x_1")) {
            server.post("/cache/movies", "{\"key\":\"" + k + "\",\"value\":{\"k\":\"" + k + "\"}}").assertOk(201);
        }
        server.put("/cache/movies/movie-2", "{\"updated\":true}").assertOk(200);
        assertEquals(List.of("movie-2", "movie-1", "movie-3"), keys(server.get("/cache/movies/_query?pattern=movie-*").json()));
        assertEquals(List.of("movie-2", "movie-1", "album-1", "movie-3", "x_1"), keys(server.get("/cache/movies/_query").json()));
        assertEquals(List.of("movie-1", "album-1", "x_1"), keys(server.post("/cache/movies/_query?pattern=*1", "").json()));
        assertEquals(List.of("movie-2", "movie-1", "movie-3"), keys(server.get("/cache/movies/_query?pattern=*ovi*").json()));
        assertEquals(List.of(), keys(server.get("/cache/movies/_query?pattern=movie_1").json()), "_ is literal");
        assertEquals(List.of("x_1"), keys(server.get("/cache/movies/_query?pattern=x_1").json()));
        assertEquals(List.of("movie-1"), keys(server.get("/cache/movies/_query?pattern=MOVIE-1").json()));
        var doc = server.get("/cache/movies/_query?pattern=movie-2").json().path("docs").get(0);
        assertEquals("movie-2", doc.path("key").asText());
        assertTrue(doc.path("value").path("updated").asBoolean());
        server.get("/cache/movies/_query?pattern=a&pattern=b").assertError(422);
    }

    @Test
    void infoListsStores() {
        server.put("/cache/second").assertOk(201);
        var info = server.get("/cache").json();
        assertEquals("cache", info.path("name").asText());
        assertEquals(List.of("movies", "second"),
                StreamSupport.stream(info.path("stores").spliterator(), false).map(n -> n.asText()).toList());
    }

    @Test
    void bodiesOverTenMegabytesAre413AndChangeNothing() {
        String big = "{\"key\":\"big\",\"value\":{\"s\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}}";
        assertEquals("request entity too large", server.post("/cache/movies", big).assertError(413).msg());
        server.get("/cache/movies/big").assertError(404);
    }

    @Test
    void noContentTypeMeansAnEmptyBody() {
        var reply = server.send(HttpRequest.newBuilder(server.uri("/cache/movies"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"a\",\"value\":{}}")));
        reply.assertError(422);
    }

    @Test
    void dataSurvivesARestart() {
        server.post("/cache/movies", "{\"key\":\"kept\",\"value\":{\"n\":42}}").assertOk(201);
        server.restart();
        assertEquals(42, server.get("/cache/movies/kept").json().path("n").asInt());
    }

    @Test
    void anAcknowledgedWriteSurvivesKill9(@TempDir Path childDir) {
        try (TestServer.Child child = TestServer.child(childDir)) {
            child.send("PUT", "/cache/crash", null);
            for (int i = 0; i < 50; i++) {
                child.send("POST", "/cache/crash", "{\"key\":\"k" + i + "\",\"value\":{\"i\":" + i + "}}")
                        .assertStatus(201);
            }
            child.kill9();
        }
        try (TestServer.Child child = TestServer.child(childDir)) {
            var r = child.send("GET", "/cache/crash/_query?pattern=k*", null);
            assertEquals(50, r.json().path("docs").size(), r.text());
            assertEquals(143, child.terminate(), "SIGTERM ends the server");
            assertTrue(child.log().contains("[INFO] stopping hyper nano"), child.log());
        }
    }

    private static List<String> keys(com.fasterxml.jackson.databind.JsonNode reply) {
        return StreamSupport.stream(reply.path("docs").spliterator(), false).map(d -> d.path("key").asText()).toList();
    }
}
