package hyper.queue;

import hyper.queue.delivery.JobBodies;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.queue.DeliveryCounts;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue port on one SQLite database file, with an in-process courier that POSTs each job to its
 * queue's target.
 *
 * <p>Delivery is at least once: a job is committed to the database before {@link #enqueue} returns, stays
 * {@code READY} until its target answers 2xx (then it is deleted), and every {@code READY} job is sent
 * again when the queue store opens. A job is delivered twice only when the process stops while its
 * delivery is in flight. A failed delivery (non-2xx, network error, timeout) is retried with exponential
 * backoff, then the job is marked {@code ERROR} with the reason.
 */
public final class SqliteQueue implements QueuePort {

    /**
     * How jobs are delivered.
     *
     * @param timeout how long a target may take to answer (and to accept the connection)
     * @param retries attempts after the first failed one, unless the queue asks for its own number
     * @param backoff wait before the first retry; it doubles for each further retry
     * @param parallelism deliveries in flight at once per queue; 0 delivers nothing (the stores opened
     *     offline): jobs keep their status for the server's next start
     */
    public record Delivery(Duration timeout, int retries, Duration backoff, int parallelism) {

        public Delivery {
            if (timeout.isNegative() || timeout.isZero() || retries < 0 || backoff.isNegative() || parallelism < 0) {
                throw new IllegalArgumentException("invalid delivery settings");
            }
        }

        /** 30 s timeout, 2 retries after 0.5 s and 1 s, 8 deliveries in flight per queue. */
        public static Delivery defaults() {
            return new Delivery(Duration.ofSeconds(30), 2, Duration.ofMillis(500), 8);
        }

        /** No deliveries: the queue is read and written, never acted on. */
        public static Delivery none() {
            return new Delivery(Duration.ofSeconds(30), 2, Duration.ofMillis(500), 0);
        }
    }


    private final JobStore store;
    private final Courier courier;
    private final Clock clock;

    /**
     * Opens (creating if needed) the queue database at {@code file} and starts delivering the jobs a
     * previous run left {@code READY}.
     */
    public SqliteQueue(Path file, Clock clock, Delivery delivery) {
        this.clock = Objects.requireNonNull(clock);
        this.store = new JobStore(file);
        this.courier = new Courier(store, clock, Objects.requireNonNull(delivery));
        for (JobStore.Waiting job : store.waiting()) {
            courier.submit(job.queue(), job.id());
        }
    }

    @Override
    public void create(QueueName queue, QueueTarget target) {
        store.createQueue(queue.value(), target.target(), target.secret(), target.retries(), clock.millis());
    }

    @Override
    public void destroy(QueueName queue) {
        store.deleteQueue(queue.value());
        courier.drop(queue.value());
    }

    @Override
    public List<String> queues() {
        return store.queueNames();
    }

    @Override
    public QueueTarget target(QueueName queue) {
        return store.target(queue.value());
    }

    @Override
    public long restore(QueueName queue, Map<String, Object> job, JobStatus status, Optional<String> error) {
        long id = store.insertJob(queue.value(), JobBodies.write(job), status,
                status == JobStatus.ERROR ? error : Optional.empty(), clock.millis());
        if (status == JobStatus.READY) {
            courier.submit(queue.value(), id);
        }
        return id;
    }

    @Override
    public List<StoreInfo> listStores() {
        return store.queueInfos();
    }

    @Override
    public Map<JobStatus, Long> depth() {
        return store.depth();
    }

    @Override
    public Optional<DeliveryCounts> deliveries() {
        return Optional.of(courier.counts());
    }

    @Override
    public long enqueue(QueueName queue, Map<String, Object> job) {
        long id = store.insertJob(queue.value(), JobBodies.write(job), clock.millis());
        courier.submit(queue.value(), id);
        return id;
    }

    @Override
    public List<Job> jobs(QueueName queue, JobStatus status) {
        List<Job> jobs = new ArrayList<>();
        for (JobStore.Row row : store.jobs(queue.value(), status)) {
            jobs.add(new Job(row.id(), row.queue(), row.status(), JobBodies.read(row.body()),
                    Instant.ofEpochMilli(row.enqueued()), row.error()));
        }
        return jobs;
    }

    @Override
    public List<Job> jobs(QueueName queue, Optional<JobStatus> status, long fromId, int limit) {
        return store.jobs(queue.value(), status, fromId, limit).stream().map(this::job).toList();
    }

    private Job job(JobStore.Row row) {
        return new Job(row.id(), row.queue(), row.status(), JobBodies.read(row.body()),
                Instant.ofEpochMilli(row.enqueued()), row.error());
    }

    @Override
    public void cancel(QueueName queue, String id) {
        long jobId = JobBodies.id(id);
        if (!store.deleteJob(queue.value(), jobId)) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
        courier.forget(queue.value(), jobId);
    }

    @Override
    public void retry(QueueName queue, String id) {
        long jobId = JobBodies.id(id);
        if (!store.readyAgain(queue.value(), jobId, clock.millis())) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
        courier.submit(queue.value(), jobId);
    }

    @Override
    public void close() {
        try {
            courier.close();
        } finally {
            store.close();
        }
    }
}
