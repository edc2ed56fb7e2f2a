package hyper.core.queue;

import java.util.List;
import java.util.Map;

/**
 * Queues that deliver each job by HTTP POST to their target. A job is stored before enqueue returns and
 * delivered at least once. Failures are {@link hyper.core.HyperException}s.
 */
public interface QueuePort extends AutoCloseable {

    /** Creates a queue; CONFLICT if it exists. */
    void create(String queue, QueueTarget target);

    /** Deletes a queue and its jobs; NOT_FOUND if it does not exist. */
    void destroy(String queue);

    /** Queue names in creation order. */
    List<String> queues();

    /** Stores a job for delivery; returns its id. */
    long enqueue(String queue, Map<String, Object> job);

    /** Jobs of the queue in one status. */
    List<Job> jobs(String queue, JobStatus status);

    /** Cancels a job that is waiting or failed; NOT_FOUND when absent. */
    void cancel(String queue, String id);

    /** Puts a failed job back for delivery; NOT_FOUND when there is no such failed job. */
    void retry(String queue, String id);

    @Override
    void close();
}
