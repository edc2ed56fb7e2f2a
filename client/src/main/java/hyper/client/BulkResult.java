package hyper.client;

import java.util.List;

/**
 * The result of {@code data().bulk} and {@code search().load}: one item per document, in order.
 *
 * @param ok whether the request succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param results one outcome per document (read them only when ok)
 */
public record BulkResult(boolean ok, int status, String msg, List<BulkItem> results) implements HyperResult {

    public BulkResult {
        results = List.copyOf(results);
    }

    /** One outcome per document; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<BulkItem> results() {
        HyperResult.check(this);
        return results;
    }

    @Override
    public BulkResult orThrow() {
        HyperResult.check(this);
        return this;
    }
}
