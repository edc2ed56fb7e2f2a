package hyper.core.search;

import hyper.core.data.BulkResult;
import java.util.List;
import java.util.Map;

/**
 * Full-text indexes of JSON documents keyed by a string. A write returns once its document is searchable
 * and durable. Index names must pass {@link hyper.core.Names#requireSafe} (else UNPROCESSABLE). Failures are
 * {@link hyper.core.HyperException}s; an operation on a missing index is NOT_FOUND {@code index not found}
 * and writes nothing.
 */
public interface SearchPort extends AutoCloseable {

    /** Creates an index; CONFLICT {@code index already exists} if it exists. */
    void createIndex(String index, IndexFields fields);

    /** Deletes an index and its documents; does nothing if there is no such index. */
    void removeIndex(String index);

    /**
     * Indexes {@code {_id: key, ...doc}} under {@code key}; CONFLICT {@code document conflict} if the key
     * exists.
     */
    void add(String index, String key, Map<String, Object> doc);

    /** The stored document (with its {@code _id}); NOT_FOUND {@code not found} when absent or no index. */
    Map<String, Object> get(String index, String key);

    /** Replaces (or inserts) the document under {@code key}, stored as {@code {_id: key, ...doc}}. */
    void update(String index, String key, Map<String, Object> doc);

    /** Removes a document; NOT_FOUND {@code not found} when absent. */
    void remove(String index, String key);

    /**
     * Matches, best first: {@code {id, score, terms, queryTerms, match, ...stored fields}} each, as the
     * original's search results.
     */
    List<Map<String, Object>> query(String index, SearchQuery query);

    /**
     * Indexes many documents, each keyed by its {@code _id}, else its {@code id}; all or none: UNPROCESSABLE
     * if one has neither, CONFLICT if a key exists or repeats. One result per document, in order.
     */
    List<BulkResult> load(String index, List<Map<String, Object>> docs);

    @Override
    void close();
}
