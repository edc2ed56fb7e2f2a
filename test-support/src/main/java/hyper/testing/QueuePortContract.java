package hyper.testing;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The queue port's contract ({@link QueuePort}'s javadoc), run against every adapter: a test class extends
 * this and opens its adapter in {@link #openPort}. Jobs are delivered to a local {@link WebhookTarget};
 * cases wait for deliveries with {@link Poll}, and cases that need a failed job ask the queue for the
 * number of retries they expect, so only the adapter's backoff decides how long they take.
 *
 * <p>This class holds the cases on queues and delivery; {@link QueuePortJobsContract} those on listing,
 * failures, retry and cancel; {@link QueuePortFixture} the adapter, target and helpers they share.
 */
public abstract class QueuePortContract extends QueuePortJobsContract {

    // ---- queues

    @Test
    void queuesAreListedInCreationOrder() {
        queue.create(QueueName.of("zebra"), to(target.url()));
        queue.create(QueueName.of("apple"), to(target.url()));
        assertEquals(List.of("zebra", "apple"), queue.queues());
    }

    @Test
    void queuesAreListedByNameWithTheirJobs() {
        queue.create(QueueName.of("zebra"), failFast(unreachable()));
        queue.create(QueueName.of("apple"), to(target.url()));
        queue.enqueue(QueueName.of("zebra"), Map.of("n", 1));
        Poll.until(() -> queue.jobs(QueueName.of("zebra"), JobStatus.ERROR).size() == 1, "a failed job");
        assertEquals(List.of(new StoreInfo("apple", OptionalLong.of(0)), new StoreInfo("zebra", OptionalLong.of(1))),
                queue.listStores());
    }

    @Test
    void aQueueTellsItsTargetAndRestoresJobsWithTheirStatus() {
        QueueName name = QueueName.of("restored");
        QueueTarget created = new QueueTarget(target.url(), Optional.of("s3cret"), OptionalInt.of(1));
        queue.create(name, created);
        assertEquals(created, queue.target(name));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.target(QueueName.of("nope")));
        long failed = queue.restore(name, Map.of("n", 1), JobStatus.ERROR, Optional.of("target answered 500"));
        queue.restore(name, Map.of("n", 2), JobStatus.READY, Optional.empty());
        Poll.until(() -> target.count() == 1 && queue.jobs(name, JobStatus.READY).isEmpty(), "the READY job delivered");
        List<Job> errors = queue.jobs(name, JobStatus.ERROR);
        assertEquals(List.of(failed), errors.stream().map(Job::id).toList());
        assertEquals(Map.of("n", 1), errors.getFirst().job());
        assertEquals(Optional.of("target answered 500"), errors.getFirst().error());
    }

    @Test
    void jobsArePagedByIdInAnyStatus() {
        QueueName name = QueueName.of("paged");
        queue.create(name, failFast(unreachable()));
        long first = queue.enqueue(name, Map.of("n", 1));
        long second = queue.enqueue(name, Map.of("n", 2));
        long third = queue.enqueue(name, Map.of("n", 3));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 3, "three failed jobs");
        List<Job> page = queue.jobs(name, Optional.empty(), 0, 2);
        assertEquals(List.of(first, second), page.stream().map(Job::id).toList());
        assertEquals(Map.of("n", 1), page.getFirst().job());
        assertEquals(JobStatus.ERROR, page.getFirst().status());
        assertEquals(List.of(third), queue.jobs(name, Optional.empty(), second + 1, 2).stream().map(Job::id).toList());
        assertEquals(List.of(first, second, third), queue.jobs(name, Optional.of(JobStatus.ERROR), 0, 5).stream()
                .map(Job::id).toList());
        assertEquals(List.of(), queue.jobs(name, Optional.of(JobStatus.READY), 0, 5));
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.jobs(QueueName.of("nope"), Optional.empty(), 0, 2));
    }

    @Test
    void depthAndDeliveriesAreCountedForMonitoring() {
        QueueName delivered = QueueName.of("delivered");
        QueueName refused = QueueName.of("refused");
        queue.create(delivered, to(target.url()));
        queue.create(refused, failFast(unreachable()));
        assertEquals(OptionalLong.of(2), queue.storeCount());
        queue.enqueue(delivered, Map.of("n", 1));
        queue.enqueue(refused, Map.of("n", 2));
        Poll.until(() -> queue.jobs(delivered, JobStatus.READY).isEmpty()
                && queue.jobs(refused, JobStatus.ERROR).size() == 1, "one delivery and one failure");
        assertEquals(Map.of(JobStatus.READY, 0L, JobStatus.ERROR, 1L), queue.depth());
        queue.deliveries().ifPresent(counts -> {
            assertEquals(1, counts.delivered());
            assertEquals(0, counts.retried());
            assertEquals(1, counts.failed());
        });
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
