package hyper.data;

import hyper.core.HyperException;
import hyper.core.data.DatabaseName;
import hyper.core.data.Query;
import java.util.Map;

/**
 * Two databases holding the same documents, one with secondary indexes and one without: what the index tests
 * compare, since the copy without indexes answers by the engine's own scan.
 */
final class TwinDatabases {

    static final DatabaseName INDEXED = DatabaseName.of("indexed");
    static final DatabaseName PLAIN = DatabaseName.of("plain");

    private TwinDatabases() {}

    /** Writes {@code doc} to both databases. */
    static void create(MongoData data, Map<String, Object> doc) {
        data.create(INDEXED, doc);
        data.create(PLAIN, doc);
    }

    /** Removes a document that may be absent (then from both, which is the same on either side). */
    static void remove(MongoData data, DatabaseName db, String id) {
        try {
            data.remove(db, id);
        } catch (HyperException e) {
            // absent from both
        }
    }

    /** The query's documents, or its refusal as text: both are answers to compare. */
    static Object answer(MongoData data, DatabaseName db, Query query) {
        try {
            return data.query(db, query);
        } catch (HyperException e) {
            return e.fact() + ": " + e.detail();
        }
    }

    /** Document ids that sort as their numbers do. */
    static String id(int i) {
        return "d%04d".formatted(i);
    }
}
