package hyper.core.data;

import java.util.List;
import java.util.Map;

/**
 * Databases of JSON documents keyed by a string {@code _id}, queried with MongoDB selectors. Documents
 * are plain maps; they come back exactly as stored plus {@code _id}. Failures are
 * {@link hyper.core.HyperException}s: NOT_FOUND ("database does not exist", "document with _id X does not
 * exist"), CONFLICT ("database already exists", "document with _id X already exists"), BAD_REQUEST for
 * selectors the engine rejects.
 */
public interface DataPort extends AutoCloseable {

    /** Creates an empty database; CONFLICT if it exists. */
    void createDatabase(String db);

    /** Drops a database with its documents and indexes; NOT_FOUND if it does not exist. */
    void removeDatabase(String db);

    /** Inserts {@code doc}, which carries its {@code _id}; returns the id. */
    String create(String db, Map<String, Object> doc);

    /** The document with this id; NOT_FOUND when absent. */
    Map<String, Object> get(String db, String id);

    /** Replaces the document with this id, creating it when absent. */
    void replace(String db, String id, Map<String, Object> doc);

    /** Deletes the document with this id; NOT_FOUND when absent. */
    void remove(String db, String id);

    /** Documents in {@code _id} order, as {@link ListOptions} selects them. */
    List<Map<String, Object>> list(String db, ListOptions options);

    /** Documents matching a selector, projected, sorted and limited. */
    List<Map<String, Object>> query(String db, Query query);

    /** Creates (or confirms) a named index. */
    void index(String db, IndexSpec index);

    /** Applies upserts and deletes in order; one result per document. */
    List<BulkResult> bulk(String db, List<Map<String, Object>> docs);

    @Override
    void close();
}
