package hyper.core.search;

import java.util.List;
import java.util.Map;

/**
 * Full-text indexes of JSON documents keyed by a string. A document is searchable as soon as a write
 * returns. Failures are {@link hyper.core.HyperException}s.
 */
public interface SearchPort extends AutoCloseable {

    /** Creates an index; CONFLICT if it exists. */
    void createIndex(String index, IndexFields fields);

    /** Deletes an index and its documents. */
    void removeIndex(String index);

    /** Indexes a new document; CONFLICT if the key exists. */
    void add(String index, String key, Map<String, Object> doc);

    /** The stored document; NOT_FOUND when absent. */
    Map<String, Object> get(String index, String key);

    /** Replaces (or inserts) the document under {@code key}. */
    void update(String index, String key, Map<String, Object> doc);

    /** Removes a document; NOT_FOUND when absent. */
    void remove(String index, String key);

    /** Matches ordered by relevance. */
    List<Map<String, Object>> query(String index, SearchQuery query);

    /** Indexes many documents; one result per document. */
    List<hyper.core.data.BulkResult> load(String index, List<Map<String, Object>> docs);

    @Override
    void close();
}
