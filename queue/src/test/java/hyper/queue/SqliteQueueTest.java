package hyper.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import hyper.testing.Poll;
import hyper.testing.QueuePortContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The SQLite adapter: the queue port's contract, then what is particular to its database file, its
 * delivery settings and its wording of failures.
 */
class SqliteQueueTest extends QueuePortContract {

    /** Short timeouts and backoff, no default retries, two deliveries in flight per queue. */
    private static final SqliteQueue.Delivery FAST =
            new SqliteQueue.Delivery(Duration.ofSeconds(5), 0, Duration.ofMillis(10), 2);

    @Override
    protected QueuePort openPort(Path dir, Clock clock) {
        return new SqliteQueue(dir.resolve("queue.db"), clock, FAST);
    }

    private void reopen(SqliteQueue.Delivery delivery) {
        queue.close();
        queue = new SqliteQueue(dir.resolve("queue.db"), clock, delivery);
    }

    @Test
    void readyJobsOfAPreviousRunAreDeliveredWhenTheStoreOpens() {
        QueueName name = QueueName.of("resume");
        target.answer(503);
        queue.create(name, new QueueTarget(target.url(), Optional.empty(), OptionalInt.of(10)));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() >= 1, "a failed first attempt"); // now waiting for a retry
        queue.close();
        target.answer(200);
        int before = target.count();
        queue = openPort(dir, clock);
        Poll.until(() -> target.count() > before && queue.jobs(name, JobStatus.READY).isEmpty(),
                "the delivery after reopening");
        assertEquals("{\"n\":1}", target.requests().getLast().body());
    }

    @Test
    void queuesAndFailedJobsPersistAcrossReopen() {
        target.answer(500);
        QueueName name = QueueName.of("kept");
        queue.create(name, failFast(target.url()));
        long id = queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        Job failed = queue.jobs(name, JobStatus.ERROR).getFirst();
        queue.close();
        queue = openPort(dir, clock);
        assertEquals(List.of("kept"), queue.queues());
        assertEquals(List.of(failed), queue.jobs(name, JobStatus.ERROR));
        assertEquals(1, target.count(), "a failed job is not sent again by a reopen");

        target.answer(200);
        queue.retry(name, Long.toString(id));
        Poll.until(() -> queue.jobs(name, JobStatus.READY).isEmpty() && target.count() == 2, "the retry");
    }

    @Test
    void aQueueWithoutItsOwnRetriesUsesTheDeliverySettings() {
        reopen(new SqliteQueue.Delivery(Duration.ofSeconds(5), 2, Duration.ofMillis(10), 2));
        target.answer(500);
        QueueName name = QueueName.of("defaults");
        queue.create(name, to(target.url()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to fail");
        assertEquals(3, target.count(), "the first attempt and the two default retries");
    }

    @Test
    void aTargetSlowerThanTheTimeoutFailsTheDelivery() {
        reopen(new SqliteQueue.Delivery(Duration.ofMillis(200), 0, Duration.ofMillis(10), 2));
        target.hold();
        QueueName name = QueueName.of("slow");
        queue.create(name, to(target.url()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "the job to time out");
        assertEquals(Optional.of("no answer from target within 200 ms"),
                queue.jobs(name, JobStatus.ERROR).getFirst().error());
    }

    @Test
    void failuresAreWordedForTheJobListing() {
        target.answer(500);
        QueueName answered = QueueName.of("answered");
        queue.create(answered, failFast(target.url()));
        queue.enqueue(answered, Map.of("n", 1));
        QueueName refused = QueueName.of("refused");
        queue.create(refused, failFast(unreachable()));
        queue.enqueue(refused, Map.of("n", 1));
        Poll.until(() -> queue.jobs(answered, JobStatus.ERROR).size() == 1
                && queue.jobs(refused, JobStatus.ERROR).size() == 1, "both jobs to fail");
        assertEquals(Optional.of("target answered 500"), queue.jobs(answered, JobStatus.ERROR).getFirst().error());
        String why = queue.jobs(refused, JobStatus.ERROR).getFirst().error().orElseThrow();
        assertTrue(why.startsWith("cannot deliver to target: "), why);
    }

    @Test
    void aTargetThatSendsHeadersAndThenStallsFailsWithinTheTimeout() throws Exception {
        reopen(new SqliteQueue.Delivery(Duration.ofMillis(300), 0, Duration.ofMillis(10), 2));
        try (var stalling = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!stalling.isClosed()) {
                    try {
                        var socket = stalling.accept();
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush(); // and never the rest
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            QueueName name = QueueName.of("stalled");
            queue.create(name, to(java.net.URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/hook")));
            queue.enqueue(name, Map.of("n", 1));
            Poll.until(Duration.ofSeconds(10), () -> queue.jobs(name, JobStatus.ERROR).size() == 1,
                    "the stalled delivery to fail");
            assertEquals(Optional.of("no answer from target within 300 ms"),
                    queue.jobs(name, JobStatus.ERROR).getFirst().error());
        }
    }

    @Test
    void userAndPasswordInTheTargetAreSentAsBasicCredentials() {
        QueueName name = QueueName.of("basic");
        java.net.URI url = target.url();
        queue.create(name, to(java.net.URI.create(url.getScheme() + "://hook%40user:s%3Acret@" + url.getHost() + ":"
                + url.getPort() + url.getPath())));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() == 1, "the delivery");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "hook@user:s:cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(expected, target.requests().getFirst().headers().get("authorization"));
    }

    @Test
    void aTargetPortOutsideTheTcpRangeIsNotDeliverable() {
        assertTrue(QueueTarget.parseUrl("http://localhost:99999/x").isEmpty());
        assertTrue(QueueTarget.parseUrl("http://localhost:0/x").isEmpty());
        assertTrue(QueueTarget.parseUrl("http://localhost:65535/x").isPresent());
    }
}
