package hyper.core.queue;

/**
 * What a queue's courier did since its port opened, counted as it happens: monitoring reads it as counters.
 *
 * @param delivered attempts the target took (2xx): the job is done
 * @param retried attempts that failed and will be tried again
 * @param failed attempts that failed for the last time: the job is now {@link JobStatus#ERROR}
 */
public record DeliveryCounts(long delivered, long retried, long failed) {}
