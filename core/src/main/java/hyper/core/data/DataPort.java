package hyper.core.data;

import java.util.List;
import java.util.Map;

/**
 * Databases of JSON documents keyed by a string {@code _id}, queried with MongoDB selectors. Documents
 * are plain maps of JSON values (integers stay integers); they come back exactly as stored plus {@code _id}.
 * Callers hand in documents that already carry their {@code _id} (see {@link Cuid}); database names are any
 * non-empty string that {@link hyper.core.Names#requireSafe} accepts, case-sensitive.
 *
 * <p>Failures are {@link hyper.core.HyperException}s: NOT_FOUND ("database does not exist", "document with
 * _id X does not exist"), CONFLICT ("database already exists", "document with _id X already exists", an index
 * clash), BAD_REQUEST for selectors, sorts or writes the engine refuses (with its reason), UNPROCESSABLE for
 * unsafe or reserved database names, INTERNAL when the engine itself fails.
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

    /** Replaces the document with this id, creating it when absent; {@code doc} carries the same id. */
    void replace(String db, String id, Map<String, Object> doc);

    /** Deletes the document with this id; NOT_FOUND when absent. */
    void remove(String db, String id);

    /** Documents in {@code _id} order, as {@link ListOptions} selects them. */
    List<Map<String, Object>> list(String db, ListOptions options);

    /** Documents matching a selector, projected, sorted and limited. */
    List<Map<String, Object>> query(String db, Query query);

    /**
     * Creates a named index, or confirms an identical one; CONFLICT when the name exists with other fields or
     * the fields exist under another name. Indexes never change query results.
     */
    void index(String db, IndexSpec index);

    /**
     * Applies, in order, a delete for each document whose {@code _deleted} is truthy and an upsert-replace
     * (without its {@code _update} key) for every other; one result per document, in input order.
     */
    List<BulkResult> bulk(String db, List<Map<String, Object>> docs);

    @Override
    void close();
}
