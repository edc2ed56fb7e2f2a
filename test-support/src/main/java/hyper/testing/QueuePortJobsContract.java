package hyper.testing;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueueTarget;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link QueuePortContract}'s cases on jobs once enqueued: how they are listed, failed deliveries,
 * retries and cancelling.
 */
public abstract class QueuePortJobsContract extends QueuePortFixture {

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
}
