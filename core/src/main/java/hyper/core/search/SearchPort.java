package hyper.core.search;

import hyper.core.BulkResult;
import hyper.core.StoreInfo;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Full-text indexes of JSON documents keyed by a string. A write returns once its document is searchable
 * and durable. Failures are {@link hyper.core.HyperException}s; an operation on a missing index is
 * STORE_NOT_FOUND and writes nothing.
 */
public interface SearchPort extends AutoCloseable {

    /** Creates an index; STORE_EXISTS if it exists. */
    void createIndex(IndexName index, IndexFields fields);

    /** Deletes an index and its documents; does nothing if there is no such index. */
    void removeIndex(IndexName index);

    /** How many indexes exist, counted when asked (for monitoring); empty when the engine cannot tell. */
    default OptionalLong storeCount() {
        return OptionalLong.empty();
    }

    /** Every index, sorted by name, each with its count of documents (for the admin API). */
    List<StoreInfo> listStores();

    /** The fields the index was created with (for snapshots); STORE_NOT_FOUND if there is no such index. */
    IndexFields fields(IndexName index);

    /**
     * A page of the index's stored documents (each with its {@code _id}): those whose key is {@code >= from},
     * in key order, at most {@code limit} (for the admin API). STORE_NOT_FOUND if there is no such index.
     */
    List<Map<String, Object>> documents(IndexName index, String from, int limit);

    /**
     * Indexes {@code {_id: key, ...doc}} under {@code key}; ITEM_EXISTS if the key exists.
     */
    void add(IndexName index, String key, Map<String, Object> doc);

    /** The stored document (with its {@code _id}); ITEM_NOT_FOUND when absent. */
    Map<String, Object> get(IndexName index, String key);

    /** Replaces (or inserts) the document under {@code key}, stored as {@code {_id: key, ...doc}}. */
    void update(IndexName index, String key, Map<String, Object> doc);

    /** Removes a document; ITEM_NOT_FOUND when absent. */
    void remove(IndexName index, String key);

    /**
     * Matches, best first: {@code {id, score, terms, queryTerms, match, ...stored fields}} each, as the
     * original's search results.
     */
    List<Map<String, Object>> query(IndexName index, SearchQuery query);

    /**
     * Indexes many documents, each keyed by its {@code _id}, else its {@code id}; all or none: INVALID
     * if one has neither, ITEM_EXISTS if a key exists (detail: the key), ITEM_REPEATED if one repeats. One result per document, in order.
     */
    List<BulkResult> load(IndexName index, List<Map<String, Object>> docs);

    @Override
    void close();
}
