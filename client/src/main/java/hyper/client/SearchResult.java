package hyper.client;

import java.util.List;

/**
 * The hits of {@code search().query}, best first.
 *
 * @param <T> the Java type of the stored fields
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param matches the hits (read them only when ok)
 */
public record SearchResult<T>(boolean ok, int status, String msg, List<SearchMatch<T>> matches) implements HyperResult {

    public SearchResult {
        matches = List.copyOf(matches);
    }

    /** The hits, best first; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<SearchMatch<T>> matches() {
        HyperResult.check(this);
        return matches;
    }

    @Override
    public SearchResult<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
