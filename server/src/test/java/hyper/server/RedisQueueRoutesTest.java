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
import hyper.testing.WebhookTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue routes of real servers started with {@code --queue-url redis://127.0.0.1:PORT}, on a real
 * {@code redis-server}: two servers sharing the deliveries while one is killed with SIGKILL, the 503 envelope
 * while the engine is away and the recovery when it is back, and the start-up refusal of an engine that cannot
 * be reached.
 */
class RedisQueueRoutesTest {

    private static final String UNAVAILABLE =
            "service unavailable: the queue engine cannot be reached; try again later";

    static RedisServer redis;

    @TempDir
    Path dir;

    WebhookTarget target;

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

    @BeforeEach
    void startTarget() {
        target = WebhookTarget.start();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    private static int jobs(Http server, String queue, String status) {
        return server.get("/queue/" + queue + "?status=" + status).assertOk(200).json().path("jobs").size();
    }

    @Test
    void twoServersShareTheDeliveriesAndNoJobIsLostWhenOneIsKilledMidDelivery() {
        // a short lease, so that the jobs of the killed server go to the other within seconds
        String url = "--queue-url=" + redis.url() + "?lease=2s";
        target.hold(request -> request.body().contains("slow"));
        try (TestServer.Child one = TestServer.child(dir.resolve("one"), url, "--prefix=pair")) {
            one.put("/queue/chores", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
            // The first server alone: it claims the slow jobs, whose target keeps them waiting.
            for (int i = 0; i < 4; i++) {
                one.post("/queue/chores", "{\"slow\":" + i + "}").assertOk(201);
            }
            Poll.until(Duration.ofSeconds(20), () -> target.count() == 4, "the slow deliveries to start");
            try (TestServer.Child two = TestServer.child(dir.resolve("two"), url, "--prefix=pair")) {
                for (int i = 0; i < 60; i++) {
                    one.post("/queue/chores", "{\"n\":" + i + "}").assertOk(201);
                }
                Poll.until(Duration.ofSeconds(30), () -> target.count() >= 30, "both servers to drain");
                one.kill9(); // four slow deliveries in flight, perhaps some fast ones too
                target.release();
                Poll.until(Duration.ofSeconds(60), () -> jobs(two, "chores", "READY") == 0,
                        "the second server to deliver every job, the killed server's too");
                assertEquals(0, jobs(two, "chores", "ERROR"));
            }
        }
        Map<String, Integer> received = new HashMap<>();
        target.requests().forEach(r -> received.merge(r.body(), 1, Integer::sum));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            expected.add("{\"slow\":" + i + "}");
        }
        for (int i = 0; i < 60; i++) {
            expected.add("{\"n\":" + i + "}");
        }
        assertEquals(expected, received.keySet(), "every job delivered, none lost");
        for (int i = 0; i < 4; i++) {
            assertTrue(received.get("{\"slow\":" + i + "}") >= 2,
                    "the killed server's job sent again by the other once its lease passed: " + received);
        }
    }

    @Test
    void aLostEngineAnswers503UntilItIsBack() {
        try (TestServer server = TestServer.start(TestServer.options(dir).withEngineUrl(Service.QUEUE,
                URI.create(redis.url())).toBuilder().prefix("lost").build())) {
            server.put("/queue/chores", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
            redis.stop();
            try {
                for (String[] call : List.of(new String[] {"GET", "/queue/chores?status=READY"},
                        new String[] {"DELETE", "/queue/chores"}, new String[] {"POST", "/queue/chores/1/_cancel"},
                        new String[] {"POST", "/queue/chores/1/_retry"})) {
                    var reply = server.send(call[0], call[1], null).assertError(503);
                    assertEquals(UNAVAILABLE, reply.msg(), call[0] + " " + call[1]);
                }
                assertEquals(UNAVAILABLE, server.post("/queue/chores", "{\"n\":1}").assertError(503).msg());
                assertEquals(UNAVAILABLE, server.put("/queue/other", "{\"target\":\"" + target.url() + "\"}")
                        .assertError(503).msg());
            } finally {
                redis.restart();
            }
            // The engine came back empty (no persistence here): the same server serves and delivers again.
            Poll.until(Duration.ofSeconds(10), () -> server.put("/queue/chores", "{\"target\":\"" + target.url()
                    + "\"}").status() == 201, "the queue answers again");
            server.post("/queue/chores", "{\"n\":2}").assertOk(201);
            Poll.until(Duration.ofSeconds(10), () -> target.count() == 1, "a delivery after the engine came back");
            assertEquals("{\"n\":2}", target.requests().getFirst().body());
        }
    }

    @Test
    void anUnreachableEngineStopsTheStartWithOneLine() {
        int closed = Ports.free();
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of("--port=0", "--dir",
                        dir.toString(), "--queue-url=redis://app:secret@127.0.0.1:" + closed))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: cannot reach the queue engine at redis://127.0.0.1:"
                    + closed + ": Connection refused"), out);
            assertFalse(out.contains("Exception"), out);
            assertFalse(out.contains("secret"), out);
            assertFalse(TestServer.Child.LISTENING.matcher(out).find(), out);
        }
    }

    @Test
    void aWrongQueueUrlStopsTheStartWithOneLine() {
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of("--port=0", "--dir",
                        dir.toString(), "--queue-url=" + redis.url() + "?lease=soon"))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("--queue-url redis://127.0.0.1:" + redis.port() + ": lease= takes a duration"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }
}
