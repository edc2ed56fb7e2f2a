package hyper.http;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last requests the API answered, numbered from 1, for the console's request log
 * ({@code GET /_admin/requests?after=<seq>}). A fixed ring: the oldest entry makes room for the newest, so
 * memory stays bounded however long the server runs. The log's own polling and the console's files are
 * left out, or a watching console would fill the log with itself.
 */
final class RecentRequests {

    /** Entries kept unless told otherwise: a few minutes of a busy developer's traffic. */
    static final int DEFAULT_CAPACITY = 1000;

    /**
     * One answered request.
     *
     * @param seq its number, 1 for the first recorded, one more for each next one
     * @param at when its response was sent
     * @param method the request method
     * @param path the raw path without the query (which may carry a signed URL's signature)
     * @param route the template of the route that served it (see {@link Exchange#route()})
     * @param status the status sent
     * @param nanos how long it took
     */
    record Entry(long seq, Instant at, String method, String path, String route, int status, long nanos) {}

    /** What a reader gets: the entries after its sequence number, and whether older ones were dropped. */
    record Page(List<Entry> entries, long last, boolean missed) {}

    private final Entry[] ring;
    private final Clock clock;
    /** The sequence number of the newest entry; 0 before the first. Guarded by {@code this}. */
    private long last;

    RecentRequests(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new Entry[capacity];
        this.clock = clock;
    }

    /** Records an exchange, unless it is the console watching (its files, this log's own route). */
    void record(Exchange exchange) {
        if (ofTheConsole(exchange.route())) {
            return;
        }
        Instant at = clock.instant();
        synchronized (this) {
            last++;
            ring[(int) ((last - 1) % ring.length)] = new Entry(last, at, exchange.method(), exchange.path(),
                    exchange.route(), exchange.status(), exchange.nanos());
        }
    }

    private static boolean ofTheConsole(String route) {
        return route.equals(AdminRoutes.REQUESTS_ROUTE) || route.equals(ConsoleRoutes.ROOT)
                || route.startsWith(ConsoleRoutes.ROOT + "/");
    }

    /**
     * At most {@code limit} entries with a sequence number above {@code after}, oldest first; {@code missed}
     * when entries after {@code after} were already dropped from the ring.
     */
    synchronized Page after(long after, int limit) {
        long oldest = Math.max(1, last - ring.length + 1);
        long from = Math.max(after + 1, oldest);
        List<Entry> entries = new ArrayList<>((int) Math.min(limit, Math.max(0, last - from + 1)));
        for (long seq = from; seq <= last && entries.size() < limit; seq++) {
            entries.add(ring[(int) ((seq - 1) % ring.length)]);
        }
        return new Page(entries, last, after + 1 < oldest && last > 0);
    }

    /** {@code telemetry}, recording every exchange here as well. */
    Telemetry around(Telemetry telemetry) {
        return telemetry.alsoTelling(this::record);
    }
}
