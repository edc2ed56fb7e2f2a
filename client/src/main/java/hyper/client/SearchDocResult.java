package hyper.client;

/**
 * A document of a search index: {@code search().get}.
 *
 * @param <T> the document's Java type
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param key the document's key (read it only when ok)
 * @param doc the stored document, with its {@code _id} (read it only when ok)
 */
public record SearchDocResult<T>(boolean ok, int status, String msg, String key, T doc) implements HyperResult {

    /** The document's key; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public String key() {
        HyperResult.check(this);
        return key;
    }

    /** The document; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public T doc() {
        HyperResult.check(this);
        return doc;
    }

    @Override
    public SearchDocResult<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
