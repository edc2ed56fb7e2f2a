package hyper.testing;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue port's contract ({@link QueuePort}'s javadoc), run against every adapter: a test class extends
 * this and opens its adapter in {@link #openPort}. Jobs are delivered to a local {@link WebhookTarget};
 * cases wait for deliveries with {@link Poll}, and cases that need a failed job ask the queue for the
 * number of retries they expect, so only the adapter's backoff decides how long they take.
 */
public abstract class QueuePortContract {

    /** The clock's start; the signature case's expected header was computed for it. */
    protected static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    /** The folder the adapter keeps its files in, empty at the start of each case. */
    @TempDir
    protected Path dir;

    protected final TestClock clock = new TestClock(T0);

    /** A target answering 200, started for each case. */
    protected WebhookTarget target;

    /** The adapter under test; a case may replace it (close it first), and the last one is closed. */
    protected QueuePort queue;

    /**
     * Opens the adapter on {@code dir} with {@code clock}; opening it again on the same folder reopens it.
     * Its retry backoff should be short: some cases wait for every retry of a job.
     */
    protected abstract QueuePort openPort(Path dir, Clock clock) throws Exception;

    @BeforeEach
    final void openQueuePort() throws Exception {
        target = WebhookTarget.start();
        queue = openPort(dir, clock);
    }

    @AfterEach
    final void closeQueuePort() {
        target.release();
        try {
            if (queue != null) {
                queue.close();
            }
        } finally {
            target.close();
        }
    }

    // ---- queues

    @Test
    void queuesAreListedInCreationOrder() {
        queue.create(QueueName.of("zebra"), to(target.url()));
        queue.create(QueueName.of("apple"), to(target.url()));
        assertEquals(List.of("zebra", "apple"), queue.queues());
    }

    @Test
    void creatingAnExistingQueueIsAConflictThatKeepsTheFirstTarget() {
        QueueName name = QueueName.of("jobs");
        queue.create(name, to(target.url()));
        try (WebhookTarget other = WebhookTarget.start()) {
            assertFact(Fact.STORE_EXISTS, () -> queue.create(name, to(other.url())));
            queue.enqueue(name, Map.of("n", 1));
            Poll.until(() -> target.count() == 1 && queue.jobs(name, JobStatus.READY).isEmpty(),
                    "delivery to the first target");
            assertEquals(0, other.count());
        }
        assertEquals(List.of("jobs"), queue.queues());
    }

    @Test
    void destroyingAQueueDeletesItAndItsJobs() {
        QueueName name = QueueName.of("doomed");
        queue.create(name, failFast(unreachable()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        queue.destroy(name);
        assertEquals(List.of(), queue.queues());
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.jobs(name, JobStatus.ERROR));
        queue.create(name, to(target.url()));
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR), "a new queue of that name starts empty");
        assertEquals(List.of(), queue.jobs(name, JobStatus.READY));
    }

    @Test
    void destroyingAMissingQueueIsNotFound() {
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.destroy(QueueName.of("nope")));
        queue.create(QueueName.of("once"), to(target.url()));
        queue.destroy(QueueName.of("once"));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.destroy(QueueName.of("once")));
    }

    @Test
    void everyJobOperationOnAMissingQueueIsNotFound() {
        QueueName missing = QueueName.of("nope");
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.enqueue(missing, Map.of("n", 1)));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.jobs(missing, JobStatus.READY));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.jobs(missing, JobStatus.ERROR));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.cancel(missing, "1"));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.retry(missing, "1"));
        assertEquals(List.of(), queue.queues(), "no operation created the queue");
    }

    // ---- delivery

    @Test
    void aJobIsPostedAsJsonToItsTargetThenForgotten() {
        QueueName name = QueueName.of("hooks");
        queue.create(name, to(target.url()));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("z", 1);
        job.put("a", "two");
        job.put("nested", Map.of("b", true));
        queue.enqueue(name, job);
        Poll.until(() -> target.count() == 1 && queue.jobs(name, JobStatus.READY).isEmpty(), "the delivery");
        WebhookTarget.Request request = target.requests().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/hook", request.path());
        assertTrue(request.headers().get("content-type").startsWith("application/json"), request::toString);
        assertEquals("{\"z\":1,\"a\":\"two\",\"nested\":{\"b\":true}}", request.body(), "keys in the order received");
        assertNull(request.headers().get("x-hyper-signature"), "no secret, no signature");
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));
    }

    @Test
    void everyJobIsDelivered() {
        QueueName name = QueueName.of("many");
        queue.create(name, to(target.url()));
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            queue.enqueue(name, Map.of("n", i));
            sent.add("{\"n\":" + i + "}");
        }
        Poll.until(() -> target.count() >= 20 && queue.jobs(name, JobStatus.READY).isEmpty(), "20 deliveries");
        assertEquals(sent, Set.copyOf(target.requests().stream().map(WebhookTarget.Request::body).toList()));
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));
    }

    @Test
    void eachQueueDeliversToItsOwnTarget() {
        try (WebhookTarget other = WebhookTarget.start()) {
            queue.create(QueueName.of("one"), to(target.url()));
            queue.create(QueueName.of("two"), to(other.url()));
            queue.enqueue(QueueName.of("one"), Map.of("to", "one"));
            queue.enqueue(QueueName.of("two"), Map.of("to", "two"));
            Poll.until(() -> target.count() == 1 && other.count() == 1, "one delivery to each target");
            assertEquals("{\"to\":\"one\"}", target.requests().getFirst().body());
            assertEquals("{\"to\":\"two\"}", other.requests().getFirst().body());
        }
    }

    @Test
    void signsWithTheInjectedClockInTheOriginalsFormat() {
        QueueName name = QueueName.of("signed");
        queue.create(name, new QueueTarget(target.url(), Optional.of("shhh"), OptionalInt.empty()));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("type", "job");
        job.put("text", "Hello World");
        queue.enqueue(name, job);
        Poll.until(() -> target.count() == 1, "the delivery");
        WebhookTarget.Request request = target.requests().getFirst();
        assertEquals("{\"type\":\"job\",\"text\":\"Hello World\"}", request.body());
        // The header hyper-connect's createHyperVerify checks: t=<ms>,sig=<hex HMAC-SHA256 of "<ms>.<body>">
        assertEquals("t=1700000000000,sig=936c02185c0d38eafa06145d718ab4f23dd5b894a820e62aafca606f10a0033f",
                request.headers().get("x-hyper-signature"));

        clock.advance(Duration.ofMinutes(3));
        queue.enqueue(name, Map.of("n", 2));
        Poll.until(() -> target.count() == 2, "the second delivery");
        long later = T0.plus(Duration.ofMinutes(3)).toEpochMilli();
        assertEquals("t=" + later + ",sig=" + hmac("shhh", later + ".{\"n\":2}"),
                target.requests().getLast().headers().get("x-hyper-signature"), "signed when sent");
    }

    @Test
    void anEmptySecretSignsNothing() {
        QueueName name = QueueName.of("unsigned");
        queue.create(name, new QueueTarget(target.url(), Optional.of(""), OptionalInt.empty()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() == 1, "the delivery");
        assertNull(target.requests().getFirst().headers().get("x-hyper-signature"));
    }

    // ---- listing

    @Test
    void readyJobsAreListedOldestFirstWhileTheyWait() {
        QueueName name = QueueName.of("held");
        queue.create(name, to(target.url()));
        target.hold();
        long first = queue.enqueue(name, Map.of("n", 1));
        clock.advance(Duration.ofSeconds(1));
        long second = queue.enqueue(name, Map.of("n", 2));
        clock.advance(Duration.ofSeconds(1));
        long third = queue.enqueue(name, Map.of("n", 3));
        Poll.until(() -> target.count() >= 1, "a delivery to start");

        List<Job> ready = queue.jobs(name, JobStatus.READY);
        assertEquals(List.of(
                new Job(first, "held", JobStatus.READY, Map.of("n", 1), T0, Optional.empty()),
                new Job(second, "held", JobStatus.READY, Map.of("n", 2), T0.plusSeconds(1), Optional.empty()),
                new Job(third, "held", JobStatus.READY, Map.of("n", 3), T0.plusSeconds(2), Optional.empty())),
                ready, "a job in flight is still READY");
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));

        target.release();
        Poll.until(() -> target.count() == 3 && queue.jobs(name, JobStatus.READY).isEmpty(), "all delivered");
    }

    @Test
    void jobIdsAreUniqueAcrossQueuesAndNeverReused() {
        QueueName one = QueueName.of("one");
        QueueName two = QueueName.of("two");
        queue.create(one, to(target.url()));
        queue.create(two, to(target.url()));
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertTrue(ids.add(queue.enqueue(one, Map.of("n", i))));
            assertTrue(ids.add(queue.enqueue(two, Map.of("n", i))));
        }
        Poll.until(() -> target.count() == 10 && queue.jobs(one, JobStatus.READY).isEmpty()
                && queue.jobs(two, JobStatus.READY).isEmpty(), "every job delivered and deleted");
        for (int i = 0; i < 5; i++) {
            assertTrue(ids.add(queue.enqueue(one, Map.of("again", i))), "an id of a deleted job came back");
        }
    }

    @Test
    void aJobWhoseDeliveryFailsIsListedAsAnErrorWithWhy() {
        target.answer(500);
        QueueName name = QueueName.of("broken");
        queue.create(name, failFast(target.url()));
        long id = queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        Job failed = queue.jobs(name, JobStatus.ERROR).getFirst();
        assertEquals(id, failed.id());
        assertEquals("broken", failed.queue());
        assertEquals(JobStatus.ERROR, failed.status());
        assertEquals(Map.of("n", 1), failed.job());
        assertEquals(T0, failed.enqueued());
        assertFalse(failed.error().orElse("").isBlank(), "the reason is given");
        assertEquals(List.of(), queue.jobs(name, JobStatus.READY));
        assertEquals(1, target.count(), "no retry was asked for");
    }

    @Test
    void anyAnswerButA2xxIsAFailedDelivery() {
        int[] answers = {404, 400, 302, 301};
        for (int i = 0; i < answers.length; i++) {
            target.answer(answers[i]);
            QueueName name = QueueName.of("answer-" + answers[i]);
            queue.create(name, failFast(target.url()));
            queue.enqueue(name, Map.of("n", i));
            Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job answered " + answers[i]);
        }
        assertEquals(answers.length, target.count(), "one attempt each, no redirect followed");
    }

    @Test
    void anUnreachableTargetIsAnErrorToo() {
        QueueName name = QueueName.of("nowhere");
        queue.create(name, failFast(unreachable()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        assertFalse(queue.jobs(name, JobStatus.ERROR).getFirst().error().orElse("").isBlank());
    }

    @Test
    void aQueueRetriesAsOftenAsItAsks() {
        target.answer(503);
        QueueName name = QueueName.of("stubborn");
        queue.create(name, new QueueTarget(target.url(), Optional.empty(), OptionalInt.of(2)));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        assertEquals(3, target.count(), "the first attempt and two retries");
    }

    @Test
    void aRetryThatSucceedsDeliversTheJob() {
        target.answer(500);
        QueueName name = QueueName.of("flaky");
        queue.create(name, new QueueTarget(target.url(), Optional.empty(), OptionalInt.of(5)));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() >= 2, "a retry");
        target.answer(200);
        Poll.until(() -> queue.jobs(name, JobStatus.READY).isEmpty(), "the job to be delivered");
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));
        assertTrue(target.requests().stream().allMatch(r -> r.body().equals("{\"n\":1}")));
    }

    @Test
    void timestampsComeFromTheClockAndRetryRenewsThem() {
        target.answer(500);
        QueueName name = QueueName.of("clocked");
        queue.create(name, failFast(target.url()));
        long id = queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        assertEquals(T0, queue.jobs(name, JobStatus.ERROR).getFirst().enqueued());

        clock.advance(Duration.ofMinutes(5));
        queue.retry(name, Long.toString(id));
        Poll.until(() -> target.count() == 2 && queue.jobs(name, JobStatus.ERROR).size() == 1, "the retry to fail");
        Job again = queue.jobs(name, JobStatus.ERROR).getFirst();
        assertEquals(id, again.id(), "a retry keeps the id");
        assertEquals(T0.plus(Duration.ofMinutes(5)), again.enqueued(), "a retry puts the job back with a fresh timestamp");

        target.answer(204);
        queue.retry(name, Long.toString(id));
        Poll.until(() -> target.count() == 3 && queue.jobs(name, JobStatus.READY).isEmpty(), "the delivery");
        assertEquals("{\"n\":1}", target.requests().getLast().body());
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));
    }

    @Test
    void onlyAFailedJobCanBeRetried() {
        QueueName name = QueueName.of("held");
        queue.create(name, to(target.url()));
        target.hold();
        long id = queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() == 1, "the delivery to start");
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(name, Long.toString(id)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(name, Long.toString(id + 1000)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(name, "not-a-number"));
        target.release();
        Poll.until(() -> queue.jobs(name, JobStatus.READY).isEmpty(), "the delivery to end");
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(name, Long.toString(id)));
    }

    // ---- cancel

    @Test
    void cancelDeletesAFailedJob() {
        QueueName name = QueueName.of("broken");
        queue.create(name, failFast(unreachable()));
        long id = queue.enqueue(name, Map.of("n", 1));
        long kept = queue.enqueue(name, Map.of("n", 2));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 2, "both jobs to fail");
        queue.cancel(name, Long.toString(id));
        assertEquals(List.of(kept), ids(queue.jobs(name, JobStatus.ERROR)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.cancel(name, Long.toString(id)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(name, Long.toString(id)));
    }

    @Test
    void cancelDeletesAJobThatIsStillReady() {
        QueueName name = QueueName.of("held");
        queue.create(name, to(target.url()));
        target.hold();
        long id = queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() == 1, "the delivery to start");
        queue.cancel(name, Long.toString(id));
        assertEquals(List.of(), queue.jobs(name, JobStatus.READY));
        target.release();
        long next = queue.enqueue(name, Map.of("n", 2));
        Poll.until(() -> target.count() == 2 && queue.jobs(name, JobStatus.READY).isEmpty(), "the next delivery");
        assertNotEquals(id, next);
        assertEquals(List.of(), queue.jobs(name, JobStatus.ERROR));
    }

    @Test
    void cancellingAnUnknownJobIsNotFound() {
        QueueName name = QueueName.of("jobs");
        queue.create(name, to(target.url()));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.cancel(name, "12345"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.cancel(name, "not-a-number"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.cancel(name, ""));
    }

    @Test
    void aJobBelongsToItsQueueOnly() {
        QueueName mine = QueueName.of("mine");
        QueueName yours = QueueName.of("yours");
        queue.create(mine, failFast(unreachable()));
        queue.create(yours, failFast(unreachable()));
        long id = queue.enqueue(mine, Map.of("n", 1));
        Poll.until(() -> queue.jobs(mine, JobStatus.ERROR).size() == 1, "the job to fail");
        assertEquals(List.of(), queue.jobs(yours, JobStatus.ERROR));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.cancel(yours, Long.toString(id)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> queue.retry(yours, Long.toString(id)));
        queue.destroy(yours);
        assertEquals(List.of(id), ids(queue.jobs(mine, JobStatus.ERROR)), "untouched by the other queue");
    }

    // ---- helpers

    /** A target without a secret, with the adapter's default number of retries. */
    protected static QueueTarget to(URI url) {
        return new QueueTarget(url, Optional.empty(), OptionalInt.empty());
    }

    /** A target without a secret whose failed deliveries are not retried. */
    protected static QueueTarget failFast(URI url) {
        return new QueueTarget(url, Optional.empty(), OptionalInt.of(0));
    }

    /** A loopback URL nothing listens on (the port was free a moment ago). */
    protected static URI unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
