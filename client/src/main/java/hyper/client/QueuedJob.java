package hyper.client;

import java.util.Optional;

/**
 * A job as {@code queue().queued()} and {@code queue().errors()} list it.
 *
 * @param <T> the job's Java type
 * @param id the job's id
 * @param job the job as it was enqueued
 * @param status {@code READY} or {@code ERROR}
 * @param queue the queue's name
 * @param timestmp when it was enqueued (or put back by a retry), ISO-8601 UTC; spelled as in the hyper API
 * @param error why the last delivery failed, on {@code ERROR} jobs
 */
public record QueuedJob<T>(long id, T job, String status, String queue, String timestmp, Optional<String> error) {}
