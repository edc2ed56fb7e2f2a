package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.Ports;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue routes over HTTP, delivering to real HTTP targets that each test starts on a free port.
 */
class QueueRoutesTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** Deliveries in flight at once per queue. */
    static final int PARALLEL = hyper.queue.SqliteQueue.Delivery.defaults().parallelism();

    private final List<Target> targets = new ArrayList<>();

    @AfterEach
    void stopTargets() {
        targets.forEach(Target::close);
    }

    // --- routes and bad input -------------------------------------------------------------------------

    @Test
    void createListAndDestroyAQueue() {
        Target target = target();
        createQueue("lifecycle", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        assertTrue(names().contains("lifecycle"));
        assertEquals("queue already exists", createQueue("lifecycle", "{\"target\":\"" + target.url() + "\"}")
                .assertError(409).msg());
        server.delete("/queue/lifecycle").assertOk(201);
        assertFalse(names().contains("lifecycle"));
        assertEquals("queue not found", server.delete("/queue/lifecycle").assertError(404).msg());
    }

    @Test
    void namesAreLowerCasedAndValidatedOnEveryRoute() {
        Target target = target();
        createQueue("MixedCase", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        assertTrue(names().contains("mixedcase"));
        server.post("/queue/MIXEDCASE", "{\"n\":1}").assertOk(201);
        target.awaitCount(1);
        for (String bad : List.of("has%20space", "dot.name", "caf%C3%A9")) {
            assertEquals("queue name is not valid!", createQueue(bad, "{\"target\":\"http://x/\"}")
                    .assertError(422).msg());
            server.post("/queue/" + bad, "{}").assertError(422);
            server.get("/queue/" + bad + "?status=READY").assertError(422);
            server.delete("/queue/" + bad).assertError(422);
            server.post("/queue/" + bad + "/1/_cancel", "").assertError(422);
            server.post("/queue/" + bad + "/1/_retry", "").assertError(422);
        }
    }

    @Test
    void targetAndSecretAreValidated() {
        assertEquals("Invalid Arguments 'target': Required.", createQueue("v1", "{}").assertError(422).msg());
        createQueue("v1", "{\"target\":42}").assertError(422);
        for (String url : List.of("not a url", "ftp://example.com/", "file:///etc/passwd", "/relative", "http://")) {
            assertEquals("Invalid Arguments 'target': Invalid url.",
                    createQueue("v1", "{\"target\":\"" + url + "\"}").assertError(422).msg(), url);
        }
        createQueue("v1", "{\"target\":\"http://localhost/\",\"secret\":\"" + "s".repeat(101) + "\"}")
                .assertError(422);
        createQueue("v1", "{\"target\":\"http://localhost/\",\"secret\":7}").assertError(422);
        createQueue("v1", "{\"target\":\"http://localhost/\",\"retries\":-1}").assertError(422);
        createQueue("v1", "{\"target\":\"http://localhost/\",\"retries\":\"2\"}").assertError(422);
        assertFalse(names().contains("v1"), "no invalid create stored a queue");
        createQueue("v1", "{\"target\":\"HTTPS://localhost:1/hook?x=1\",\"secret\":\"" + "s".repeat(100) + "\"}")
                .assertOk(201);
    }

    @Test
    void missingQueuesAndJobsAre404() {
        assertEquals("queue not found", server.post("/queue/nope", "{}").assertError(404).msg());
        server.get("/queue/nope?status=READY").assertError(404);
        server.post("/queue/nope/1/_cancel", "").assertError(404);
        server.post("/queue/nope/1/_retry", "").assertError(404);
        createQueue("holes", "{\"target\":\"http://127.0.0.1:1/\",\"retries\":0}").assertOk(201);
        assertEquals("job not found", server.post("/queue/holes/999999/_cancel", "").assertError(404).msg());
        server.post("/queue/holes/abc/_cancel", "").assertError(404);
        server.post("/queue/holes/999999/_retry", "").assertError(404);
    }

    @Test
    void listingNeedsAValidStatus() {
        createQueue("statuses", "{\"target\":\"http://127.0.0.1:1/\"}").assertOk(201);
        assertEquals("Invalid Arguments 'status': Required.", server.get("/queue/statuses").assertError(422).msg());
        assertEquals("Invalid Arguments 'status': Invalid enum value. Expected 'READY' | 'ERROR', received 'ready'.",
                server.get("/queue/statuses?status=ready").assertError(422).msg());
        server.get("/queue/statuses?status=READY&status=ERROR").assertError(422);
        assertEquals(0, server.get("/queue/statuses?status=ERROR").assertOk(200).json().path("jobs").size());
    }

    @Test
    void aJobMustBeAJsonObject() {
        Target target = target();
        createQueue("shapes", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        assertEquals("Invalid Arguments 'job': Expected object, received array.",
                server.post("/queue/shapes", "[1,2]").assertError(422).msg());
        server.post("/queue/shapes", "{\"a\":").assertError(400);
        server.post("/queue/shapes", "42").assertError(400);
        assertEquals(0, jobs("shapes", "READY").size());
        assertEquals(0, target.count(), "nothing was delivered");
    }

    // --- delivery -------------------------------------------------------------------------------------

    @Test
    void everyJobArrivesWithItsBodyAndIsThenGone() {
        Target target = target();
        createQueue("many", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        Set<String> sent = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String body = "{\"n\":" + i + ",\"text\":\"caf\u00e9 \\\"" + i + "\\\"\",\"nested\":{\"z\":[1,2.5,null],\"a\":true}}";
            JsonNode reply = server.post("/queue/many", body).assertOk(201).json();
            assertTrue(reply.path("id").isIntegralNumber(), "job ids are JSON numbers");
            ids.add(reply.path("id").asLong());
            sent.add(body);
        }
        assertEquals(200, ids.size(), "ids are unique");
        target.awaitCount(200);
        assertEquals(sent, new HashSet<>(target.bodies()), "every body arrives byte for byte, once");
        assertEquals(200, target.count());
        Poll.until(() -> jobs("many", "READY").isEmpty(), "delivered jobs are deleted");
        assertEquals(0, jobs("many", "ERROR").size());
        assertTrue(target.received.stream().allMatch(d -> d.contentType().startsWith("application/json")));
        assertTrue(target.received.stream().allMatch(d -> d.signature() == null), "no secret, no signature");
    }

    @Test
    void deliveriesAreSignedWithTheSecretAtSendTime() throws Exception {
        Target target = target();
        createQueue("signed", "{\"target\":\"" + target.url() + "\",\"secret\":\"shhh\"}").assertOk(201);
        String body = "{\"type\":\"job\",\"text\":\"Hello World\",\"whole\":1.0}";
        long before = System.currentTimeMillis();
        server.post("/queue/signed", body).assertOk(201);
        Delivery delivery = target.awaitCount(1).getFirst();
        assertEquals("{\"type\":\"job\",\"text\":\"Hello World\",\"whole\":1}", delivery.body(),
                "compact JSON as JavaScript prints it, keys in the order sent");
        String header = delivery.signature();
        assertTrue(header.matches("t=\\d{13},sig=[0-9a-f]{64}"), header);
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        assertTrue(t >= before && t <= System.currentTimeMillis(), "signed when sent");
        assertEquals(hmac("shhh", t + "." + delivery.body()), header.substring(header.indexOf("sig=") + 4));
        assertEquals("936c02185c0d38eafa06145d718ab4f23dd5b894a820e62aafca606f10a0033f",
                hmac("shhh", "1700000000000.{\"type\":\"job\",\"text\":\"Hello World\"}"),
                "the test's own HMAC matches the original's test vector");
    }

    @Test
    void aFailingTargetEndsInErrorAndRetrySucceedsOnceItRecovers() {
        Target target = target();
        target.status = 500;
        createQueue("flaky", "{\"target\":\"" + target.url() + "\",\"secret\":\"k\",\"retries\":1}")
                .assertOk(201);
        long id = server.post("/queue/flaky", "{\"order\":17}").assertOk(201).json().path("id").asLong();

        Poll.until(() -> jobs("flaky", "ERROR").size() == 1, "the job is listed as ERROR");
        assertEquals(2, target.count(), "one attempt plus one retry");
        assertTrue(signedAt(target.received.get(1)) > signedAt(target.received.get(0)),
                "each attempt is signed when it is sent");
        JsonNode failed = jobs("flaky", "ERROR").get(0);
        assertEquals(id, failed.path("id").asLong());
        assertEquals("{\"order\":17}", failed.path("job").toString());
        assertEquals("ERROR", failed.path("status").asText());
        assertEquals("flaky", failed.path("queue").asText());
        assertTrue(failed.path("timestmp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals("target answered 500", failed.path("error").asText());
        assertEquals(0, jobs("flaky", "READY").size());

        createQueue("flaky-neighbour", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        assertEquals("job not found", server.post("/queue/flaky-neighbour/" + id + "/_retry", "")
                .assertError(404).msg(), "a job id only counts in its own queue");
        server.post("/queue/flaky-neighbour/" + id + "/_cancel", "").assertError(404);
        target.status = 200;
        server.post("/queue/flaky/" + id + "/_retry", "").assertOk(201);
        target.awaitCount(3);
        Poll.until(() -> jobs("flaky", "ERROR").isEmpty() && jobs("flaky", "READY").isEmpty(), "delivered on retry");
        assertEquals("{\"order\":17}", target.bodies().getLast());
        server.post("/queue/flaky/" + id + "/_retry", "").assertError(404);
    }

    @Test
    void anUnreachableTargetEndsInErrorWithinSeconds() {
        createQueue("dead", "{\"target\":\"http://127.0.0.1:" + Ports.free() + "/\"}").assertOk(201);
        long id = server.post("/queue/dead", "{\"a\":1}").assertOk(201).json().path("id").asLong();
        Poll.until(() -> jobs("dead", "ERROR").size() == 1, "ERROR after the default retries");
        assertTrue(jobs("dead", "ERROR").get(0).path("error").asText().startsWith("cannot deliver to target"));
        server.post("/queue/dead/" + id + "/_cancel", "").assertOk(201);
        assertEquals(0, jobs("dead", "ERROR").size(), "cancel really deletes an ERROR job");
        server.post("/queue/dead/" + id + "/_cancel", "").assertError(404);
    }

    @Test
    void cancelledAndDeletedJobsAreNeverSent() {
        Target target = target();
        target.hold();
        createQueue("held", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
        List<Long> ids = new ArrayList<>();
        int total = PARALLEL + 4;
        for (int i = 0; i < total; i++) {
            ids.add(server.post("/queue/held", "{\"i\":" + i + "}").assertOk(201).json().path("id").asLong());
        }
        target.awaitCount(PARALLEL); // the rest wait their turn
        long waiting = ids.getLast();
        server.post("/queue/held/" + waiting + "/_cancel", "").assertOk(201);
        assertFalse(jobs("held", "READY").stream().anyMatch(j -> j.path("id").asLong() == waiting));
        target.release();
        target.awaitCount(total - 1);
        Poll.until(() -> jobs("held", "READY").isEmpty(), "the rest is delivered");
        assertFalse(target.bodies().contains("{\"i\":" + (total - 1) + "}"), "the cancelled job was not sent");
        assertEquals(total - 1, target.count());

        Target second = target();
        second.hold();
        createQueue("doomed", "{\"target\":\"" + second.url() + "\"}").assertOk(201);
        for (int i = 0; i < PARALLEL + 4; i++) {
            server.post("/queue/doomed", "{\"i\":" + i + "}").assertOk(201);
        }
        second.awaitCount(PARALLEL);
        server.delete("/queue/doomed").assertOk(201);
        second.release();
        createQueue("doomed", "{\"target\":\"" + second.url() + "\"}").assertOk(201);
        server.post("/queue/doomed", "{\"after\":true}").assertOk(201);
        Poll.until(() -> second.bodies().contains("{\"after\":true}"), "the new queue delivers");
        assertEquals(PARALLEL + 1, second.count(), "jobs of the deleted queue that were not in flight were dropped");
    }

    @Test
    void aSlowTargetDoesNotHoldUpOtherQueues() {
        Target slow = target();
        slow.hold();
        Target fast = target();
        createQueue("slow", "{\"target\":\"" + slow.url() + "\"}").assertOk(201);
        createQueue("fast", "{\"target\":\"" + fast.url() + "\"}").assertOk(201);
        for (int i = 0; i < 20; i++) {
            server.post("/queue/slow", "{\"i\":" + i + "}").assertOk(201);
        }
        slow.awaitCount(PARALLEL);
        for (int i = 0; i < 20; i++) {
            server.post("/queue/fast", "{\"i\":" + i + "}").assertOk(201);
        }
        fast.awaitCount(20);
        assertEquals(PARALLEL, slow.count(), "the slow queue is still stuck on its first deliveries");
        slow.release();
        slow.awaitCount(20);
    }

    @Test
    void readyJobsAreDeliveredAfterARestart(@TempDir Path own) {
        Target target = target();
        target.status = 503;
        try (TestServer first = TestServer.start(own)) {
            first.put("/queue/later", "{\"target\":\"" + target.url() + "\",\"retries\":10}").assertOk(201);
            for (int i = 0; i < 5; i++) {
                first.post("/queue/later", "{\"i\":" + i + "}").assertOk(201);
            }
            target.awaitCount(5); // each failed once and now waits for a retry
        }
        target.status = 200;
        int failedAttempts = target.count();
        try (TestServer second = TestServer.start(own)) {
            Poll.until(() -> target.count() - failedAttempts >= 5, "all five delivered after the restart");
            Poll.until(() -> second.get("/queue/later?status=READY").json().path("jobs").isEmpty(), "none left");
            Set<String> delivered = new HashSet<>(target.bodies().subList(failedAttempts, target.count()));
            for (int i = 0; i < 5; i++) {
                assertTrue(delivered.contains("{\"i\":" + i + "}"), "job " + i);
            }
        }
    }

    @Test
    void acknowledgedJobsSurviveKill9MidDelivery(@TempDir Path own) {
        Target target = target();
        target.hold();
        try (TestServer.Child child = TestServer.child(own)) {
            child.send("PUT", "/queue/crash", "{\"target\":\"" + target.url() + "\"}").assertStatus(201);
            for (int i = 0; i < PARALLEL + 4; i++) {
                child.send("POST", "/queue/crash", "{\"i\":" + i + "}").assertStatus(201);
            }
            target.awaitCount(4);
            child.kill9();
        }
        int inFlightAtKill = target.count();
        target.release();
        try (TestServer restarted = TestServer.start(own)) {
            Poll.until(() -> restarted.get("/queue/crash?status=READY").json().path("jobs").isEmpty(), "all delivered");
            Set<String> delivered = new HashSet<>(target.bodies());
            for (int i = 0; i < PARALLEL + 4; i++) {
                assertTrue(delivered.contains("{\"i\":" + i + "}"), "job " + i + " was delivered");
            }
            assertTrue(target.count() <= PARALLEL + 4 + inFlightAtKill,
                    "only deliveries in flight at the kill are repeated: " + target.count());
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static Http.Reply createQueue(String name, String body) {
        return server.put("/queue/" + name, body);
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        server.get("/queue").json().path("queues").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static List<JsonNode> jobs(String queue, String status) {
        List<JsonNode> jobs = new ArrayList<>();
        server.get("/queue/" + queue + "?status=" + status).assertOk(200).json().path("jobs").forEach(jobs::add);
        return jobs;
    }

    private Target target() {
        Target target = new Target();
        targets.add(target);
        return target;
    }

    private static long signedAt(Delivery delivery) {
        String header = delivery.signature();
        return Long.parseLong(header.substring(2, header.indexOf(',')));
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a target received in one request. */
    record Delivery(String body, String signature, String contentType) {}

    /**
     * A webhook on a free loopback port that records every request; it answers {@link #status}, or holds
     * every request until {@link #release()} after {@link #hold()}.
     */
    static final class Target implements AutoCloseable {

        final List<Delivery> received = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private final WebServer http;

        Target() {
            http = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> r.post("/hook", (request, response) -> {
                        String body = request.content().as(String.class);
                        received.add(new Delivery(body,
                                request.headers().first(HeaderNames.create("X-HYPER-SIGNATURE")).orElse(null),
                                request.headers().first(HeaderNames.CONTENT_TYPE).orElse("")));
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        response.status(Status.create(status)).send();
                    }))
                    .build()
                    .start();
        }

        String url() {
            return "http://127.0.0.1:" + http.port() + "/hook";
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        int count() {
            return received.size();
        }

        List<String> bodies() {
            return received.stream().map(Delivery::body).toList();
        }

        List<Delivery> awaitCount(int n) {
            Poll.until(() -> received.size() >= n, n + " deliveries (got " + received.size() + ")");
            return List.copyOf(received);
        }

        @Override
        public void close() {
            release();
            http.stop();
        }
    }
}
