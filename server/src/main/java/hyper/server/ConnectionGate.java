package hyper.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.Bytes;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only connection selector of a listener: it counts the connections being served and hands each to
 * Helidon's HTTP/1.1 connection, or to {@link Http10Connection} when its first request line ends in
 * {@code HTTP/1.0}. A connection whose first request arrives while {@code cap} others are served gets one
 * 503 envelope (with {@code Retry-After}) and is closed, instead of hanging unanswered.
 *
 * <p>The listener must accept more sockets than the cap ({@link #openSockets}) for a refusal to be
 * sent at all; beyond that the kernel's backlog holds them.
 */
final class ConnectionGate implements ServerConnectionSelector {

    private static final System.Logger LOG = System.getLogger(ConnectionGate.class.getName());

    /** How long a refused connection may still send the rest of its request before it is closed. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    /** How much of a refused connection's request is read (and dropped) at most before it is closed. */
    private static final int LINGER_BYTES = 64 * 1024;
    private static final Duration WARNING_PERIOD = Duration.ofMinutes(1);
    private static final Set<String> APPLICATION_PROTOCOLS = Set.of("http/1.1", "http/1.0");

    private final Http1ConnectionSelector http1;
    private final Http1Config http1Config;
    private final int cap;
    private final Semaphore slots;
    private final byte[] refusal;
    /** When the last refusal was logged: a flood of them is one line a minute. */
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_PERIOD.toNanos() - 1);

    /**
     * A gate serving at most {@code cap} connections at a time with {@code http1Config}; the others are
     * answered {@code refusal} (a whole HTTP response).
     */
    ConnectionGate(Http1Config http1Config, int cap, byte[] refusal) {
        this.http1Config = http1Config;
        this.http1 = Http1ConnectionSelector.builder().config(http1Config).build();
        this.cap = cap;
        this.slots = new Semaphore(cap);
        this.refusal = refusal.clone();
    }

    /**
     * The sockets a listener accepts for a cap of {@code served}: somewhat more, so that the connections
     * beyond the cap can be answered 503 rather than wait unanswered in the backlog.
     */
    static int openSockets(int served) {
        return served + Math.max(2, served / 10);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED; // every connection passes the gate, served or refused
    }

    /** For TLS's ALPN: without {@code http/1.0}, a client offering only it (curl --http1.0) fails the handshake. */
    @Override
    public Set<String> supportedApplicationProtocols() {
        return APPLICATION_PROTOCOLS;
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Gated(ctx);
    }

    /** A connection before the gate: waits for its first bytes, then is served or refused. */
    private final class Gated implements ServerConnection, InterruptableTask<Void> {

        private final ConnectionContext ctx;
        private final long acceptedAt = System.nanoTime();
        private ServerConnection served; // guarded by this
        private boolean closed; // guarded by this

        Gated(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            boolean http10;
            try {
                http10 = firstLineIsHttp10(ctx.dataReader());
            } catch (DataReader.InsufficientDataAvailableException closedFirst) {
                return; // closed before sending a request (a port probe, an idle timeout): nothing to answer
            }
            if (!slots.tryAcquire()) {
                refuse();
                return;
            }
            try {
                ServerConnection connection = http10 ? new Http10Connection(ctx, http1, http1Config) : http1.connection(ctx);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    served = connection;
                }
                connection.handle(limit);
            } finally {
                slots.release();
            }
        }

        /** Whether the first request line ends in HTTP/1.0; reads, but leaves in the reader, the bytes it needs. */
        private boolean firstLineIsHttp10(DataReader reader) {
            reader.ensureAvailable();
            while (true) {
                int available = reader.available();
                BufferData start = reader.getBuffer(available);
                int lf = start.indexOf(Bytes.LF_BYTE);
                if (lf >= 0) {
                    return start.readString(lf).endsWith(" HTTP/1.0\r");
                }
                if (available > http1Config.maxPrologueLength()) {
                    return false; // too long for any version: HTTP/1.1 answers it (414)
                }
                reader.getBuffer(available + 1); // waits for more
            }
        }

        /**
         * Answers the refusal and closes, after reading what the client still sends for a moment: closing
         * with its request unread would reset the connection, and the client could lose the answer.
         */
        private void refuse() {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last > WARNING_PERIOD.toNanos() && lastWarning.compareAndSet(last, now)) {
                LOG.log(System.Logger.Level.WARNING, "serving " + cap + " connections, as many as --max-connections"
                        + " allows: new ones are answered 503 until some close");
            }
            try {
                ctx.dataWriter().writeNow(BufferData.create(refusal));
            } catch (RuntimeException gone) {
                return; // the client left first
            }
            CompletableFuture.delayedExecutor(LINGER.toMillis(), TimeUnit.MILLISECONDS).execute(this::closeSocket);
            DataReader reader = ctx.dataReader();
            try {
                for (int read = 0; read < LINGER_BYTES; ) {
                    reader.ensureAvailable();
                    int available = reader.available();
                    reader.skip(available);
                    read += available;
                }
            } catch (RuntimeException closed) {
                // the client closed its side, or the linger ended: either way the connection is done
            }
        }

        private void closeSocket() {
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.TRACE, "closing a refused connection failed", e);
            }
        }

        @Override
        public synchronized boolean canInterrupt() {
            return served == null || served instanceof InterruptableTask<?> task && task.canInterrupt();
        }

        @Override
        public synchronized Duration idleTime() {
            return served == null ? Duration.ofNanos(System.nanoTime() - acceptedAt) : served.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            ServerConnection current;
            synchronized (this) {
                closed = true;
                current = served;
            }
            if (current == null) {
                closeSocket(); // still waiting for a first request: ends the read
            } else {
                current.close(interrupt);
            }
        }
    }
}
