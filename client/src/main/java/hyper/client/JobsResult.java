package hyper.client;

import java.util.List;

/**
 * The jobs of a queue in one status, oldest first.
 *
 * @param <T> the jobs' Java type
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param jobs the jobs (read them only when ok)
 */
public record JobsResult<T>(boolean ok, int status, String msg, List<QueuedJob<T>> jobs) implements HyperResult {

    public JobsResult {
        jobs = List.copyOf(jobs);
    }

    /** The jobs, oldest first; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<QueuedJob<T>> jobs() {
        HyperResult.check(this);
        return jobs;
    }

    @Override
    public JobsResult<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
