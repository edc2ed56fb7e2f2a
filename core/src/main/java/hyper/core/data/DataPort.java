package hyper.core.data;

import hyper.core.BulkResult;
import hyper.core.StoreInfo;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Databases of JSON documents keyed by a string {@code _id}, queried with MongoDB selectors. Documents
 * are plain maps of JSON values (integers stay integers); they come back exactly as stored plus {@code _id}.
 * Callers hand in documents that already carry their {@code _id} (see {@link Documents}).
 *
 * <p>Failures are {@link hyper.core.HyperException}s: STORE_NOT_FOUND, STORE_EXISTS, ITEM_NOT_FOUND and
 * ITEM_EXISTS (detail: the id), a CONFLICT REFUSED for an index clash, REFUSED for selectors, sorts or writes the
 * engine refuses (detail: its reason), NAME_RESERVED for a name the engine keeps, FAILED when the engine itself
 * fails.
 */
public interface DataPort extends AutoCloseable {

    /** Creates an empty database; STORE_EXISTS if it exists. */
    void createDatabase(DatabaseName db);

    /** How many databases exist, counted when asked (for monitoring); empty when the engine cannot tell. */
    default OptionalLong storeCount() {
        return OptionalLong.empty();
    }

    /**
     * Every database, sorted by name, each with its count of documents when the engine counts them cheaply
     * (for the admin API). A page of a database's documents is {@link #list} with a start key.
     */
    List<StoreInfo> listStores();

    /** Drops a database with its documents and indexes; STORE_NOT_FOUND if it does not exist. */
    void removeDatabase(DatabaseName db);

    /** Inserts {@code doc}, which carries its {@code _id}; returns the id. */
    String create(DatabaseName db, Map<String, Object> doc);

    /** The document with this id; ITEM_NOT_FOUND when absent. */
    Map<String, Object> get(DatabaseName db, String id);

    /** Replaces the document with this id, creating it when absent; {@code doc} carries the same id. */
    void replace(DatabaseName db, String id, Map<String, Object> doc);

    /** Deletes the document with this id; ITEM_NOT_FOUND when absent. */
    void remove(DatabaseName db, String id);

    /** Documents in {@code _id} order, as {@link ListOptions} selects them. */
    List<Map<String, Object>> list(DatabaseName db, ListOptions options);

    /** Documents matching a selector, projected, sorted and limited. */
    List<Map<String, Object>> query(DatabaseName db, Query query);

    /**
     * Creates a named index, or confirms an identical one; a CONFLICT when the name exists with other fields or
     * the fields exist under another name. Indexes never change query results.
     */
    void index(DatabaseName db, IndexSpec index);

    /** The indexes made with {@link #index}, by name (not the engine's own {@code _id} index): what a snapshot keeps. */
    List<IndexSpec> indexes(DatabaseName db);

    /**
     * Applies, in order, a delete for each document whose {@code _deleted} is truthy and an upsert-replace
     * (without its {@code _update} key) for every other; one result per document, in input order.
     */
    List<BulkResult> bulk(DatabaseName db, List<Map<String, Object>> docs);

    @Override
    void close();
}
