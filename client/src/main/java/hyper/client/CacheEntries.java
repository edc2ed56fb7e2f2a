package hyper.client;

import java.util.List;

/**
 * The entries whose key matched a {@code cache().query} pattern.
 *
 * @param <T> the values' Java type
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param docs the entries, in the server's order (read them only when ok)
 */
public record CacheEntries<T>(boolean ok, int status, String msg, List<CacheEntry<T>> docs) implements HyperResult {

    public CacheEntries {
        docs = List.copyOf(docs);
    }

    /** The entries; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public List<CacheEntry<T>> docs() {
        HyperResult.check(this);
        return docs;
    }

    @Override
    public CacheEntries<T> orThrow() {
        HyperResult.check(this);
        return this;
    }
}
