package hyper.data;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.h2.mvstore.MVStore;

/**
 * The embedded engine's backend on its MVStore file, opened again whenever a failed write has closed it.
 *
 * <p>H2 closes an MVStore for good when writing to its file fails (a full disk, say), and the changes of the
 * failed write stay in its memory. The file still holds the last commit, and with it every acknowledged
 * write ({@link DurableH2Backend} commits before replying). So before each request, a closed store is
 * replaced by a fresh one opened on the file: what failed is gone, what was acknowledged is there, reads go
 * on while the disk is full, and writes work again once there is space. Opening only reads the file, so it
 * works on a full disk too. Cursors open on the old store are lost with it.
 */
final class ReopeningBackend implements MongoBackend {

    private final Path file;
    private volatile DurableH2Backend current;
    /** Settings made through this backend, made again on each store opened later. Guarded by this. */
    private MongoVersion version;
    private boolean oplog;
    private boolean closed;
    /** Set when the engine closes: running and later queries stop at their next check. */
    private volatile boolean stopping;

    /** Opens (or creates) the store in {@code file}. */
    ReopeningBackend(Path file) {
        this.file = file;
        this.current = open(file);
    }

    private static DurableH2Backend open(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            return new DurableH2Backend(store);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** The backend to use, on a store opened again if a failure closed the last one. */
    private DurableH2Backend current() {
        DurableH2Backend backend = current;
        if (!backend.isClosed()) {
            return backend;
        }
        synchronized (this) {
            if (current.isClosed() && !closed) {
                // The old backend holds nothing but its closed store, so it is simply dropped.
                DurableH2Backend fresh;
                try {
                    fresh = open(file);
                } catch (RuntimeException e) {
                    throw DurableH2Backend.fileError("opening the data file again failed", e);
                }
                if (version != null) {
                    fresh.version(version);
                }
                if (oplog) {
                    fresh.enableOplog();
                }
                if (stopping) {
                    fresh.stopQueries();
                }
                current = fresh;
            }
            return current;
        }
    }

    @Override
    public void handleClose(Channel channel) {
        current().handleClose(channel);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return current().handleCommand(channel, database, command, query);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return current().handleQuery(query);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return current().handleMessage(message);
    }

    @Override
    public void dropDatabase(String database) {
        current().dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return current().getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return current().getServerStatus();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        current().closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return current().getClock();
    }

    @Override
    public synchronized void enableOplog() {
        oplog = true;
        current().enableOplog();
    }

    @Override
    public synchronized void disableOplog() {
        oplog = false;
        current().disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return current().resolveDatabase(database);
    }

    @Override
    public synchronized MongoBackend version(MongoVersion version) {
        this.version = version;
        current().version(version);
        return this;
    }

    /** Stops every running query at its next check, so that closing waits for none of them. */
    void stopQueries() {
        stopping = true;
        current.stopQueries();
    }

    /** Closes the backend, which commits and closes the store; nothing is opened again after this. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.close();
        }
    }
}
