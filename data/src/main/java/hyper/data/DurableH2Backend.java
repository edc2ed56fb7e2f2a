package hyper.data;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made durable per acknowledged write. The stock backend leaves its MVStore
 * on auto-commit, which persists changes in the background about once a second: a process killed in that
 * window loses writes the client was told had succeeded. Here every write command commits the store before
 * its reply goes out, so a reply means the change is in the file (in the operating system's hands: it
 * survives the process being killed; surviving a power cut would also need an fsync per write).
 * It also makes a find keep its time limit, which the stock backend ignores ({@link QueryBudget}).
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change documents, collections or indexes (the wire protocol's names, lower-cased). */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "deleteindexes", "drop", "dropdatabase", "create",
            "renamecollection");

    /** Set when the engine closes: running queries stop at their next check instead of holding it up. */
    private volatile boolean closing;

    DurableH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document bounded = command.equalsIgnoreCase("find") ? QueryBudget.bound(query, () -> closing) : query;
        try {
            return super.handleCommand(channel, database, command, bounded);
        } finally {
            if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
                commit();
            }
        }
    }

    /** Stops every running query at its next check, so that closing waits for none of them. */
    void stopQueries() {
        closing = true;
    }
}
