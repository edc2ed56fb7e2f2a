package hyper.core.queue;

/** Where a job stands. */
public enum JobStatus {
    READY,
    ERROR
}
