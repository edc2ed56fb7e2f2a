package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.client.EnqueueResult;
import hyper.client.Hyper;
import hyper.client.HyperSignature;
import hyper.client.JobsResult;
import hyper.client.QueuedJob;
import hyper.client.Result;
import hyper.junit.HyperDomain;
import hyper.junit.HyperNanoTest;
import hyper.testing.Poll;
import hyper.testing.Ports;
import hyper.testing.WebhookTarget;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conformance/queue.test.mjs, through the Java client against the real server; plus retry and cancel. */
@HyperNanoTest
class ClientQueueTest {

    private static final String SECRET = "shhh";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookTarget target;

    @BeforeAll
    static void create(Hyper hyper) {
        target = WebhookTarget.start();
        assertEquals(new Result(true, 201, ""), hyper.queue().create(target.url().toString(), SECRET));
    }

    @AfterAll
    static void destroy(Hyper hyper) {
        assertTrue(hyper.queue().destroy(true).ok());
        target.close();
    }

    private static List<WebhookTarget.Request> deliveries(String field) {
        return target.requests().stream().filter(r -> r.body().contains("\"" + field + "\"")).toList();
    }

    @Test
    void createTwiceIsA409(Hyper hyper) {
        Result again = hyper.queue().create(target.url().toString(), SECRET);
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void aTargetThatIsNotAnHttpUrlIsA422(@HyperDomain("queue-bad") Hyper other) {
        for (String url : List.of("not a url", "ftp://example.com/")) {
            Result res = other.queue().create(url);
            assertFalse(res.ok());
            assertEquals(422, res.status());
        }
    }

    @Test
    void enqueueAnswersANumericIdAndTheJobReachesTheTargetSigned(Hyper hyper) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("type", "job");
        job.put("text", "Hello World");
        job.put("n", 7);
        job.put("price", 123456789.125);
        job.put("tiny", 1e-7);
        job.put("nested", Map.of("list", Arrays.asList(1, "two", null, 2.5)));
        EnqueueResult res = hyper.queue().enqueue(job);
        assertTrue(res.ok());
        assertTrue(res.id() > 0);

        Poll.until(WAIT, () -> !deliveries("text").isEmpty(), "the delivery");
        WebhookTarget.Request delivery = deliveries("text").getFirst();
        assertEquals(JSON.readTree(JSON.writeValueAsString(job)), JSON.readTree(delivery.body()));
        assertTrue(delivery.headers().get("content-type").startsWith("application/json"));
        String signature = delivery.headers().get("x-hyper-signature");
        assertTrue(signature.matches("t=\\d{13},sig=[0-9a-f]{64}"), signature);

        assertEquals(new Result(true, 200, ""), HyperSignature.verify(SECRET, signature, delivery.body()));
        assertEquals(401, HyperSignature.verify(SECRET, signature, delivery.body().replace("\"n\":7", "\"n\":8")).status());
        assertEquals(401, HyperSignature.verify("wrong", signature, delivery.body()).status());
    }

    @Test
    void deliveredJobsLeaveTheReadyList(Hyper hyper) {
        hyper.queue().enqueue(Map.of("seq", 1));
        hyper.queue().enqueue(Map.of("seq", 2));
        Poll.until(WAIT, () -> deliveries("seq").size() == 2, "both delivered");
        Poll.until(WAIT, () -> hyper.queue().queued().jobs().isEmpty(), "READY list empty");
        assertEquals(new JobsResult<>(true, 200, "", List.of()), hyper.queue().queued());
    }

    @Test
    void aJobForADeadTargetIsListedByErrorsThenRetriedOrCancelled(@HyperDomain("queue-dead") Hyper deadEnd) {
        String deadUrl = "http://127.0.0.1:" + Ports.free() + "/";
        assertEquals(new Result(true, 201, ""), deadEnd.queue().create(deadUrl, null, 0));
        long id = deadEnd.queue().enqueue(Map.of("doomed", true)).id();
        Poll.until(WAIT, () -> deadEnd.queue().errors().jobs().size() == 1, "the job in ERROR");
        JobsResult<Map<String, Object>> errors = deadEnd.queue().errors();
        QueuedJob<Map<String, Object>> failed = errors.jobs().getFirst();
        assertEquals(id, failed.id());
        assertEquals(Map.of("doomed", true), failed.job());
        assertEquals("ERROR", failed.status());
        assertTrue(failed.error().isPresent());
        assertEquals(List.of(), deadEnd.queue().queued().jobs());

        record Doomed(boolean doomed) {}
        assertEquals(new Doomed(true), deadEnd.queue().errors(Doomed.class).jobs().getFirst().job());

        assertEquals(new Result(true, 201, ""), deadEnd.queue().retry(id));
        Poll.until(WAIT, () -> deadEnd.queue().errors().jobs().size() == 1, "in ERROR again");
        assertEquals(new Result(true, 201, ""), deadEnd.queue().cancel(id));
        assertEquals(List.of(), deadEnd.queue().errors().jobs());
        Result gone = deadEnd.queue().cancel(id);
        assertEquals(404, gone.status());
        assertTrue(deadEnd.queue().destroy(true).ok());
    }

    @Test
    void aMissingQueueIsA404(@HyperDomain("queue-none") Hyper none) {
        EnqueueResult res = none.queue().enqueue(Map.of("a", 1));
        assertFalse(res.ok());
        assertEquals(404, res.status());
        assertEquals(404, none.queue().queued().status());
        assertEquals(404, none.queue().destroy(true).status());
    }
}
