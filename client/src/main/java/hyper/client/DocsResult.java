package hyper.client;

import java.util.List;

/**
 * Documents: {@code data().list} and {@code data().query}.
 *
 * @param <T> the documents' Java type: {@code Map<String, Object>} unless a class was asked for
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param docs the documents, in the server's order (read them only when ok)
 */
public record DocsResult<T>(boolean ok, int status, String msg, List<T> docs) implements HyperResult {

    public DocsResult {
        docs = List.copyOf(docs);
    }

    /** The documents; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<T> docs() {
        HyperResult.check(this);
        return docs;
    }

    @Override
    public DocsResult<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
