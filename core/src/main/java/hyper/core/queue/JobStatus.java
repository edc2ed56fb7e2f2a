package hyper.core.queue;

/** Where a job stands; delivered jobs are deleted, so there is no success state. */
public enum JobStatus {
    /** Waiting for delivery, being delivered, or waiting for a retry. */
    READY,
    /** Every delivery attempt failed; the job waits for a retry or a cancel. */
    ERROR
}
