package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import hyper.testing.Http;
import hyper.testing.Poll;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data query has a time limit ({@code --query-timeout}): a regular expression that backtracks
 * without end is stopped there and answered 503, and neither the collection, the engine nor shutdown stays
 * stuck behind it. Timings are asserted with generous slack: the limit is 1 s, the answers must come within 15.
 */
class QueryTimeoutTest {

    /** Backtracks exponentially on a run of {@code a} that is not followed by {@code b}. */
    private static final String RUNAWAY = "{\"selector\":{\"s\":{\"$regex\":\"((a+)+)+!?b\"}}}";
    private static final String VICTIM = "{\"_id\":\"victim\",\"s\":\"" + "a".repeat(94) + "!\"}";
    private static final Duration SLACK = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.options(dir).withQueryTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        assertTimeoutPreemptively(SLACK, server::close, "closing the server");
    }

    @Test
    void aRunawayRegexIsStoppedAt503AndTheDatabaseStaysUsable() {
        server.put("/data/runaway").assertOk(201);
        server.post("/data/runaway", VICTIM).assertOk(201);
        server.post("/data/runaway", "{\"_id\":\"other\",\"s\":\"aab\"}").assertOk(201);

        var reply = assertTimeoutPreemptively(SLACK, () -> server.post("/data/runaway/_query", RUNAWAY));
        reply.assertError(503);
        assertEquals("query took longer than its time limit (1s) and was stopped", reply.msg());

        // the collection is not left locked: reads and writes on it answer at once
        var after = assertTimeoutPreemptively(SLACK,
                () -> server.post("/data/runaway/_query", "{\"selector\":{\"s\":{\"$regex\":\"^a+b$\"}}}"));
        assertEquals(List.of("other"), ids(after));
        server.get("/data/runaway/victim").assertStatus(200);
        server.post("/data/runaway", "{\"_id\":\"later\",\"s\":\"b\"}").assertOk(201);
    }

    @Test
    void manyRunawayQueriesAtOnceDoNotHangTheDataService() {
        server.put("/data/many").assertOk(201);
        server.post("/data/many", VICTIM).assertOk(201);
        server.put("/data/bystander").assertOk(201);
        server.post("/data/bystander", "{\"_id\":\"b\",\"n\":1}").assertOk(201);

        // more than the engine has event-loop threads (two per processor)
        int queries = 2 * Runtime.getRuntime().availableProcessors() + 2;
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            running.add(Http.CLIENT.sendAsync(HttpRequest.newBuilder(server.uri("/data/many/_query"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(RUNAWAY)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        // queued behind each other they take longer than one limit each, but every one of them ends
        List<Integer> statuses = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> running.stream().map(r -> r.join().statusCode()).toList());
        assertEquals(List.of(503), statuses.stream().distinct().toList(), statuses::toString);

        assertTimeoutPreemptively(SLACK, () -> {
            assertEquals(List.of("b"), ids(server.post("/data/bystander/_query", "{\"selector\":{\"n\":1}}")));
            server.post("/data/many/_query", "{\"selector\":{\"_id\":\"victim\"}}").assertOk(200);
        });
    }

    @Test
    void regularExpressionsLongerThanMongoDbAllowsAreRefused() {
        server.put("/data/long").assertOk(201);
        server.post("/data/long", "{\"_id\":\"x\",\"s\":\"" + "c".repeat(20_000) + "\"}").assertOk(201);
        String longest = "c".repeat(16_384);
        assertEquals(List.of("x"),
                ids(server.post("/data/long/_query", "{\"selector\":{\"s\":{\"$regex\":\"" + longest + "\"}}}")));

        var tooLong = server.post("/data/long/_query", "{\"selector\":{\"s\":{\"$regex\":\"" + longest + "c\"}}}");
        tooLong.assertError(400);
        assertEquals("Regular expression is invalid: pattern string is too long", tooLong.msg());
        var hundredKb = assertTimeoutPreemptively(SLACK, () -> server.post("/data/long/_query",
                "{\"selector\":{\"s\":{\"$regex\":\"" + "c".repeat(100_000) + "\"}}}"));
        hundredKb.assertError(400);
    }

    @Test
    void closingTheServerStopsARunningQuery(@TempDir Path other) {
        // a limit far beyond the test: only closing can end this query
        TestServer patient = TestServer.start(TestServer.options(other).withQueryTimeout(Duration.ofHours(1)));
        patient.put("/data/slow").assertOk(201);
        patient.post("/data/slow", VICTIM).assertOk(201);
        var running = Http.CLIENT.sendAsync(HttpRequest.newBuilder(patient.uri("/data/slow/_query"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RUNAWAY)).build(), HttpResponse.BodyHandlers.discarding());
        Poll.until(QueryTimeoutTest::matchingARegex, "the query to be matching its regular expression");

        assertTimeoutPreemptively(SLACK, patient::close, "closing with a query running");
        Poll.until(SLACK, () -> !matchingARegex(), "the engine's threads to stop matching");
        running.cancel(true);
    }

    /** Whether a thread of the embedded engine is inside java.util.regex, as it is during a runaway match. */
    private static boolean matchingARegex() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("mongo-server-worker"))
                .anyMatch(thread -> Arrays.stream(thread.getValue()).limit(8)
                        .anyMatch(frame -> frame.getClassName().startsWith("java.util.regex.")));
    }

    private static List<String> ids(Http.Reply reply) {
        reply.assertOk(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("docs").forEach(d -> ids.add(d.path("_id").asText()));
        return ids;
    }
}
