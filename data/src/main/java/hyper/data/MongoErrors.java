package hyper.data;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import hyper.core.HyperException;
import org.bson.BSONException;
import hyper.core.HyperException.Fact;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the driver's exceptions into HyperException facts, so no Mongo type leaves the adapter. The line it
 * draws: a request the server refuses is the client's mistake (400), a failure of the deployment or of the
 * connection to it is ours (500).
 */
final class MongoErrors {

    /** MongoDB's InternalError; the embedded engine answers it when its file fails ({@link DurableH2Backend}). */
    static final int INTERNAL_ERROR = 1;
    /** Server error codes that mean the deployment failed, not the request: these stay 500s. */
    private static final Set<Integer> ENGINE_FAILURES = Set.of(INTERNAL_ERROR, 6, 7, 13, 18, 50, 89, 91, 189, 262,
            8000, 10107, 11600, 11602, 13435, 13436);
    private static final int DUPLICATE_KEY = 11000;
    /** MongoDB's OutOfDiskSpace; the embedded engine answers it too ({@link DurableH2Backend}). */
    static final int OUT_OF_DISK_SPACE = 14031;
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private MongoErrors() {}

    /** Runs a call to the engine, translating what it throws. */
    static <T> T engine(Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoException e) {
            throw translate(e);
        } catch (BSONException e) {
            throw refusedDocument(e);
        }
    }

    /**
     * A document, selector or name the driver cannot encode (a field name with a NUL, say): the client's
     * mistake, refused before anything reached the engine. NULs are shown escaped, not sent raw.
     */
    static HyperException refusedDocument(RuntimeException e) {
        String why = String.valueOf(e.getMessage());
        return HyperException.refused(why.contains("null character")
                ? "field names cannot contain a NUL character" : why.replace("\0", "\\u0000"));
    }

    /**
     * An engine exception as a HyperException: errors about the request (a write MongoDB refuses, such as an
     * illegal field name or a changed {@code _id}) are 400s, a full disk is a 507, other failures of the
     * deployment itself are 500s.
     */
    static HyperException translate(MongoException e) {
        if (e.getCode() == OUT_OF_DISK_SPACE) {
            return HyperException.diskFull("data engine: " + reason(e), e);
        }
        if (isEngineFailure(e)) {
            return HyperException.failed("data engine failure: " + e.getMessage(), e);
        }
        return HyperException.refused(reason(e));
    }

    static boolean isDuplicateKey(MongoException e) {
        return e.getCode() == DUPLICATE_KEY
                || (e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    /** An index that clashes with an existing one by name or by keys. */
    static boolean isIndexConflict(MongoException e) {
        return e.getCode() == INDEX_KEY_SPECS_CONFLICT || e.getCode() == INDEX_OPTIONS_CONFLICT;
    }

    private static boolean isEngineFailure(MongoException e) {
        return !(e instanceof MongoServerException) || ENGINE_FAILURES.contains(e.getCode());
    }

    static HyperException indexConflict(String why) {
        return HyperException.conflict(why);
    }

    /**
     * The server's own words, without the driver's wrapping (server address, full reply). The embedded
     * engine reports a Java exception of its own, raised by an odd operand ({@code {"$in": 1}}), as
     * "Unknown error: " and Java's message, which names Java classes: that one gets words of ours.
     */
    static String reason(MongoException e) {
        String why = switch (e) {
            case MongoCommandException c -> c.getErrorMessage();
            case MongoWriteException w -> w.getError().getMessage();
            case MongoBulkWriteException b when !b.getWriteErrors().isEmpty() -> b.getWriteErrors().getFirst().getMessage();
            default -> e.getMessage();
        };
        if (why != null && why.startsWith(EMBEDDED_ENGINE_EXCEPTION)) {
            return "the data engine cannot evaluate this request: an operator has an operand of the wrong type or value";
        }
        return why;
    }

    private static final String EMBEDDED_ENGINE_EXCEPTION = "Unknown error: ";
}
