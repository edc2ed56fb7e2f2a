package hyper.client;

/**
 * The result of a data write: the id of the document added, updated or removed.
 *
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param id the document's {@code _id} (read it only when ok)
 */
public record IdResult(boolean ok, int status, String msg, String id) implements HyperResult {

    /** The document's {@code _id}; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public String id() {
        HyperResult.check(this);
        return id;
    }

    @Override
    public IdResult orThrow() {
        HyperResult.check(this);
        return this;
    }
}
