package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.Service;
import hyper.testing.ChildProcess;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.Ports;
import hyper.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache routes of a real server started with {@code --cache-url redis://127.0.0.1:PORT}, on a real
 * {@code redis-server}: the routes, two servers sharing the engine, the 503 envelope while the engine is
 * away and the recovery when it is back, and the start-up refusal for an engine that cannot be reached.
 */
class RedisCacheRoutesTest {

    private static final String UNAVAILABLE =
            "service unavailable: the cache engine cannot be reached; try again later";

    static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private TestServer server(Path dir, String prefix) {
        return TestServer.start(TestServer.options(dir).withEngineUrl(Service.CACHE, URI.create(redis.url()))
                .toBuilder().prefix(prefix).build());
    }

    private static List<String> keys(Http.Reply reply) {
        return StreamSupport.stream(reply.json().path("docs").spliterator(), false)
                .map(d -> d.path("key").asText()).toList();
    }

    @Test
    void everyCacheRouteWorksOnRedis() {
        try (TestServer server = server(dir.resolve("a"), "routes")) {
            server.put("/cache/movies").assertOk(201);
            assertEquals("cache already exists", server.put("/cache/movies").assertError(409).msg());
            server.post("/cache/movies", "{\"key\":\"movie-1\",\"value\":{\"title\":\"Alien\",\"year\":1979}}")
                    .assertOk(201);
            server.post("/cache/movies", "{\"key\":\"movie-2\",\"value\":{\"title\":\"Dune\"},\"ttl\":\"1h\"}")
                    .assertOk(201);
            server.post("/cache/movies", "{\"key\":\"show-1\",\"value\":{\"title\":\"Lost\"}}").assertOk(201);
            assertEquals("document conflict",
                    server.post("/cache/movies", "{\"key\":\"movie-1\",\"value\":{}}").assertError(409).msg());
            var alien = server.get("/cache/movies/movie-1").json();
            assertEquals("Alien", alien.path("title").asText());
            assertTrue(alien.path("year").isInt(), "integers stay integers");
            server.put("/cache/movies/movie-1", "{\"year\":1986}").assertOk(200);
            assertEquals(1986, server.get("/cache/movies/movie-1").json().path("year").asInt());
            assertEquals("Alien", server.get("/cache/movies/movie-1").json().path("title").asText(), "merged");
            assertEquals(List.of("movie-1", "movie-2"), keys(server.get("/cache/movies/_query?pattern=movie-*")));
            assertEquals(List.of(), keys(server.get("/cache/movies/_query?pattern=movie-%3F")), "? is literal");
            assertEquals(List.of(), keys(server.get("/cache/movies/_query?pattern=movie-%5B12%5D")), "[ is literal");
            server.delete("/cache/movies/show-1").assertOk(200);
            assertEquals("document not found", server.get("/cache/movies/show-1").assertError(404).msg());
            assertEquals("cache not found", server.get("/cache/nostore/a").assertError(404).msg());
            server.delete("/cache/movies").assertOk(200);
            assertEquals("cache not found", server.delete("/cache/movies").assertError(404).msg());
        }
    }

    @Test
    void twoServersOnOneRedisShareTheCacheAndOtherPrefixesDoNot() {
        try (TestServer one = server(dir.resolve("one"), "shared");
                TestServer two = server(dir.resolve("two"), "shared");
                TestServer other = server(dir.resolve("other"), "other-app")) {
            one.put("/cache/sessions").assertOk(201);
            one.post("/cache/sessions", "{\"key\":\"u1\",\"value\":{\"user\":\"ada\"}}").assertOk(201);
            assertEquals("ada", two.get("/cache/sessions/u1").json().path("user").asText());
            assertEquals("cache not found", other.get("/cache/sessions/u1").assertError(404).msg());
            two.delete("/cache/sessions").assertOk(200);
            assertEquals("cache not found", one.get("/cache/sessions/u1").assertError(404).msg());
        }
    }

    @Test
    void aLostEngineAnswers503UntilItIsBack() {
        try (TestServer server = server(dir.resolve("a"), "lost")) {
            server.put("/cache/movies").assertOk(201);
            redis.stop();
            try {
                for (String[] call : List.of(new String[] {"GET", "/cache/movies/a"},
                        new String[] {"PUT", "/cache/movies"}, new String[] {"GET", "/cache/movies/_query"},
                        new String[] {"DELETE", "/cache/movies/a"})) {
                    var reply = server.send(call[0], call[1], null).assertError(503);
                    assertEquals(UNAVAILABLE, reply.msg(), call[0] + " " + call[1]);
                }
                assertEquals(UNAVAILABLE, server.post("/cache/movies", "{\"key\":\"a\",\"value\":{}}")
                        .assertError(503).msg());
            } finally {
                redis.restart();
            }
            // The engine came back empty (no persistence here): the same server serves again at once.
            Poll.until(Duration.ofSeconds(10), () -> server.put("/cache/movies").status() == 201,
                    "the cache answers again");
            server.post("/cache/movies", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
            assertEquals(1, server.get("/cache/movies/a").json().path("n").asInt());
        }
    }

    @Test
    void anUnreachableEngineStopsTheStartWithOneLine() {
        int closed = Ports.free();
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of("--port=0", "--dir",
                        dir.toString(), "--cache-url=redis://app:secret@127.0.0.1:" + closed))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: cannot reach the cache engine at redis://127.0.0.1:"
                    + closed + ": Connection refused"), out);
            assertFalse(out.contains("Exception"), out);
            assertFalse(out.contains("secret"), out);
            assertFalse(TestServer.Child.LISTENING.matcher(out).find(), out);
        }
    }
}
