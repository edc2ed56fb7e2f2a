package hyper.data;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import hyper.core.HyperException;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * mongo-java-server's H2 backend, made durable per acknowledged write. The stock backend leaves its MVStore
 * on auto-commit, which persists changes in the background about once a second: a process killed in that
 * window loses writes the client was told had succeeded. Here every write command commits the store before
 * its reply goes out, so a reply means the change is in the file (in the operating system's hands: it
 * survives the process being killed; surviving a power cut would also need an fsync per write).
 *
 * It also makes a find keep its time limit, which the stock backend ignores ({@link QueryBudget}).
 *
 * <p>Its databases keep real secondary indexes ({@link SecondaryIndex}) in the same file. A clean close leaves
 * a mark there; opening a file without it (the process was killed, or a failed write closed the store) builds
 * them anew, since H2's background commit may have caught a write between the documents and an index.
 *
 * <p>A write the disk has no room for answers MongoDB's OutOfDiskSpace error. H2 then closes the store for
 * good, and {@link ReopeningBackend} opens the file again.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change documents, collections or indexes (the wire protocol's names, lower-cased). */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "deleteindexes", "drop", "dropdatabase", "create",
            "renamecollection");

    /** A map of this backend's own, outside mongo-java-server's names ("databases.", "meta.", "db."). */
    static final String STATE = "_hyper_state";
    private static final String CLOSED_CLEANLY = "closedCleanly";

    /** Set when the engine closes: running queries stop at their next check instead of holding it up. */
    private volatile boolean closing;
    private final boolean rebuildIndexes;

    DurableH2Backend(MVStore store) {
        // before super(): its constructor opens the databases and their indexes
        MVMap<String, Object> state = store.openMap(STATE);
        this.rebuildIndexes = state.remove(CLOSED_CLEANLY) == null;
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry(), rebuildIndexes);
    }

    /** Closes the store, marked as closed cleanly unless a failure closed it before. */
    @Override
    public void close() {
        if (!isClosed()) {
            getMvStore().<String, Object>openMap(STATE).put(CLOSED_CLEANLY, Boolean.TRUE);
        }
        super.close();
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        try {
            try {
                if (command.equalsIgnoreCase("find")) {
                    return QueryBudget.run(query, () -> closing,
                            bounded -> super.handleCommand(channel, database, command, bounded));
                }
                return super.handleCommand(channel, database, command, query);
            } finally {
                if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
                    commit();
                }
            }
        } catch (RuntimeException e) {
            if (HyperException.isDiskFull(e) || e instanceof MVStoreException) {
                throw fileError("writing the data file failed", e);
            }
            throw e;
        }
    }

    /**
     * A failure of the store's file as a wire-protocol error with MongoDB's own code, so that the adapter reads
     * it as from any MongoDB: OutOfDiskSpace for a full disk, otherwise InternalError (not the request's
     * fault, whatever mongo-java-server would make of it).
     */
    static MongoServerError fileError(String what, RuntimeException e) {
        return HyperException.isDiskFull(e)
                ? new MongoServerError(MongoErrors.OUT_OF_DISK_SPACE, "OutOfDiskSpace",
                        what + ": no space left on device", e)
                : new MongoServerError(MongoErrors.INTERNAL_ERROR, "InternalError", what + ": " + e.getMessage(), e);
    }

    /** Stops every running query at its next check, so that closing waits for none of them. */
    void stopQueries() {
        closing = true;
    }

    /** Whether the store is closed: after {@link #close()}, or for good after a write to its file failed. */
    boolean isClosed() {
        return getMvStore().isClosed();
    }
}
