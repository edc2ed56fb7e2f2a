package hyper.core.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored job.
 *
 * @param id unique across all queues, never reused
 * @param queue the queue it belongs to
 * @param status {@code READY} while waiting or being delivered, {@code ERROR} once delivery gave up
 * @param job the JSON object that is delivered, keys in the order received
 * @param enqueued when it was enqueued (or last put back by a retry)
 * @param error why the last delivery failed, for {@code ERROR} jobs
 */
public record Job(long id, String queue, JobStatus status, Map<String, Object> job, Instant enqueued,
        Optional<String> error) {}
