package hyper.client;

/**
 * The result of {@code queue().enqueue}: the job's id.
 *
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param id the job's id, for {@code retry} and {@code cancel} (read it only when ok)
 */
public record EnqueueResult(boolean ok, int status, String msg, long id) implements HyperResult {

    /** The job's id; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public long id() {
        HyperResult.check(this);
        return id;
    }

    @Override
    public EnqueueResult orThrow() {
        HyperResult.check(this);
        return this;
    }
}
