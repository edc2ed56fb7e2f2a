package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import hyper.core.Service;
import hyper.testing.ChildProcess;
import hyper.testing.OpenSearchServer;
import hyper.testing.Poll;
import hyper.testing.RedisServer;
import hyper.testing.S3ProxyServer;
import hyper.testing.WebhookTarget;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service on a production engine at once — MongoDB's wire protocol (a second, separately started
 * mongo-java-server), Redis for the cache and the queue, S3 (S3Proxy), OpenSearch — as a team that outgrows
 * one machine runs it: the hyper-connect conformance suite passes against it unchanged, and two servers on
 * the same engines serve the same stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionEnginesTest {

    private RedisServer redis;
    private S3ProxyServer s3;
    private OpenSearchServer search;
    private MongoServer mongo;

    @BeforeAll
    void startEngines() {
        redis = RedisServer.start();
        s3 = S3ProxyServer.start();
        search = OpenSearchServer.shared();
        mongo = new MongoServer(H2Backend.inMemory());
        mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    void stopEngines() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (s3 != null) {
            s3.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A server whose five services are all on the production engines, engine-side names under {@code prefix}. */
    private ServerOptions production(Path dir, String prefix) {
        return TestServer.options(dir)
                .withDataUrl("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/" + prefix)
                .withEngineUrl(Service.CACHE, URI.create(redis.url()))
                .withEngineUrl(Service.QUEUE, URI.create(redis.url()))
                .withEngineUrl(Service.STORAGE, URI.create(s3.url("")))
                .withEngineUrl(Service.SEARCH, URI.create(search.url()))
                .toBuilder().prefix(prefix).build();
    }

    @Test
    void theHyperConnectConformanceSuitePassesOnTheProductionEngines(@TempDir Path dir) throws Exception {
        Path conformance = projectRoot().resolve("conformance");
        if (!Files.isDirectory(conformance.resolve("node_modules/hyper-connect"))) {
            ChildProcess.Result installed = ChildProcess.run(conformance, Map.of(),
                    List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertEquals(0, installed.exit(), installed.output());
        }
        List<String> suites;
        try (Stream<Path> files = Files.list(conformance)) {
            // the service suites; auth and cloud need a server of their own and run in scripts/conformance.sh
            suites = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs"))
                    .filter(n -> !n.equals("auth.test.mjs") && !n.equals("cloud.test.mjs")).sorted().toList();
        }
        assertTrue(suites.size() >= 6, "the service suites: " + suites);
        try (TestServer server = TestServer.start(production(dir, "conformance"))) {
            List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
            suites.forEach(suite -> command.add("./" + suite));
            ChildProcess.Result run = ChildProcess.run(conformance, Map.of("HYPER_URL", server.url().toString(),
                    "HYPER_STORAGE_SIGNS", "engine"),
                    command);
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("# fail 0"), run.output());
        }
    }

    @Test
    void twoServersOnTheSameEnginesServeTheSameStores(@TempDir Path tmp) throws Exception {
        try (WebhookTarget target = WebhookTarget.start();
                TestServer one = TestServer.start(production(tmp.resolve("one"), "shared"));
                TestServer two = TestServer.start(production(tmp.resolve("two"), "shared"))) {
            one.put("/data/movies").assertOk(201);
            one.post("/data/movies", "{\"_id\":\"m1\",\"title\":\"Alien\"}").assertOk(201);
            assertEquals("Alien", two.get("/data/movies/m1").assertStatus(200).json().path("title").asText());

            one.put("/cache/sessions").assertOk(201);
            one.post("/cache/sessions", "{\"key\":\"alice\",\"value\":{\"cart\":3},\"ttl\":\"1h\"}").assertOk(201);
            assertEquals(3, two.get("/cache/sessions/alice").assertStatus(200).json().path("cart").asInt());

            byte[] bytes = new byte[10_000];
            new Random(5).nextBytes(bytes);
            one.put("/storage/media").assertOk(201);
            one.post("/storage/media/x.bin", bytes, "application/octet-stream").assertOk(201);
            assertArrayEquals(bytes, two.get("/storage/media/x.bin").assertStatus(200).bytes());

            one.put("/search/films", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
            one.post("/search/films", "{\"key\":\"a\",\"doc\":{\"title\":\"Alien\"}}").assertOk(201);
            assertEquals("a", two.post("/search/films/_query", "{\"query\":\"alien\"}").assertOk(200).json()
                    .path("matches").path(0).path("id").asText());

            one.put("/queue/mail", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? one : two).post("/queue/mail", "{\"n\":" + i + "}").assertOk(201);
            }
            Poll.until(() -> distinct(target) == 20, "every job delivered by one of the two servers");

            for (TestServer server : List.of(one, two)) {
                var stores = server.get("/_admin/stores").assertOk(200).json().path("stores");
                for (String service : List.of("data", "cache", "storage", "search", "queue")) {
                    assertEquals(1, stores.path(service).size(), service + " through " + server.url() + ": " + stores);
                }
            }
            two.delete("/cache/sessions").assertOk(200);
            one.get("/cache/sessions/alice").assertStatus(404);
        }
    }

    private static long distinct(WebhookTarget target) {
        Map<String, Integer> seen = new HashMap<>();
        target.requests().forEach(r -> seen.merge(r.body(), 1, Integer::sum));
        return seen.size();
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("conformance"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no conformance/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
