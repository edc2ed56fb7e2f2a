package hyper.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request head (the header lines after the request line) does not arrive within
 * the deadline. Helidon's idle check interrupts a connection only while it waits for a request line, so a
 * client trickling header lines (slowloris) would otherwise hold its connection and a thread for ever.
 *
 * <p>Per request this costs a map insert and removal; a sweeper closes the late ones once a second.
 */
final class HeadDeadline implements Http1ConnectionListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HeadDeadline.class.getName());

    private final long deadlineNanos;
    /** When each connection's current request line was read, for connections still reading headers. */
    private final Map<ConnectionContext, Long> readingHeaders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    HeadDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hyper-head-deadline");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(1000, deadline.toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::closeLate, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        readingHeaders.put(ctx, System.nanoTime());
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        readingHeaders.remove(ctx);
    }

    private void closeLate() {
        long now = System.nanoTime();
        readingHeaders.forEach((ctx, since) -> {
            if (now - since > deadlineNanos && readingHeaders.remove(ctx, since)) {
                try {
                    ctx.serverSocket().close(); // the blocked read fails and the connection ends
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a connection past its head deadline failed", e);
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        readingHeaders.clear();
    }
}
