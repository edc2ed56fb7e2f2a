package hyper.client;

/**
 * One document: {@code data().get} and {@code cache().get}.
 *
 * @param <T> the document's Java type: {@code Map<String, Object>} unless a class was asked for
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param doc the document (read it only when ok)
 */
public record DocResult<T>(boolean ok, int status, String msg, T doc) implements HyperResult {

    /** The document; throws {@link HyperResultException} if the result is not ok (a 404, say). */
    @Override
    public T doc() {
        HyperResult.check(this);
        return doc;
    }

    @Override
    public DocResult<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
