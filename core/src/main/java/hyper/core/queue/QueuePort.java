package hyper.core.queue;

import hyper.core.StoreInfo;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Queues that deliver each job by HTTP POST to their target. A job is stored durably before
 * {@link #enqueue} returns and delivered at least once, even across a crash of the process. Failures are
 * {@link hyper.core.HyperException}s: STORE_NOT_FOUND for a missing queue, ITEM_NOT_FOUND for a missing
 * job, STORE_EXISTS for an existing queue.
 */
public interface QueuePort extends AutoCloseable {

    /** Creates a queue; STORE_EXISTS if it exists. */
    void create(QueueName queue, QueueTarget target);

    /** Deletes a queue and all its jobs, and stops their deliveries; STORE_NOT_FOUND if it does not exist. */
    void destroy(QueueName queue);

    /** Queue names in creation order. */
    List<String> queues();

    /** The target the queue was created with (for snapshots); STORE_NOT_FOUND if there is no such queue. */
    QueueTarget target(QueueName queue);

    /**
     * Stores a job as a snapshot had it: a READY job is delivered as any enqueued one, an ERROR job waits with its
     * {@code error} for a retry. Returns its new id (ids are never reused, so it differs from the snapshot's).
     */
    long restore(QueueName queue, Map<String, Object> job, JobStatus status, Optional<String> error);

    /** Every queue, sorted by name, each with its count of jobs (for the admin API). */
    List<StoreInfo> listStores();

    /** How many queues exist, counted when asked (for monitoring). */
    default OptionalLong storeCount() {
        return OptionalLong.of(queues().size());
    }

    /**
     * How many jobs of every queue are in each status, counted when asked (for monitoring). This default
     * lists every job; an engine that can count overrides it.
     */
    default Map<JobStatus, Long> depth() {
        Map<JobStatus, Long> depth = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            long jobs = 0;
            for (String queue : queues()) {
                jobs += jobs(QueueName.of(queue), status).size();
            }
            depth.put(status, jobs);
        }
        return depth;
    }

    /** The delivery attempts since this port opened (for monitoring); empty when the engine does not count them. */
    default Optional<DeliveryCounts> deliveries() {
        return Optional.empty();
    }

    /** Stores a job for delivery and returns its id once it is durable. */
    long enqueue(QueueName queue, Map<String, Object> job);

    /** Jobs of the queue in one status, oldest first. */
    List<Job> jobs(QueueName queue, JobStatus status);

    /**
     * A page of the queue's jobs (for the admin API): those in {@code status} (any status when empty) whose id
     * is {@code >= fromId}, oldest first, at most {@code limit}. STORE_NOT_FOUND if there is no such queue.
     */
    List<Job> jobs(QueueName queue, Optional<JobStatus> status, long fromId, int limit);

    /**
     * Deletes a job of the queue in any status, so it is not delivered (unless a delivery is already under
     * way); ITEM_NOT_FOUND when the queue has no such job. {@code id} is the job id as text.
     */
    void cancel(QueueName queue, String id);

    /** Puts an {@code ERROR} job back for delivery; ITEM_NOT_FOUND when the queue has no such failed job. */
    void retry(QueueName queue, String id);

    /** Stops deliveries (an interrupted one is delivered again on the next start) and releases the store. */
    @Override
    void close();
}
