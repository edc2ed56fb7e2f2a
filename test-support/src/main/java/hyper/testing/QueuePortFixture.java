package hyper.testing;

import hyper.core.queue.Job;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground of the {@link QueuePortContract}: the adapter on a test clock and the webhook target it
 * delivers to, both opened and closed around each case, and the targets and helpers the cases share.
 */
public abstract class QueuePortFixture {

    /** The clock's start; the signature case's expected header was computed for it. */
    protected static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    /** The folder the adapter keeps its files in, empty at the start of each case. */
    @TempDir
    protected Path dir;

    protected final TestClock clock = new TestClock(T0);

    /** A target answering 200, started for each case. */
    protected WebhookTarget target;

    /** The adapter under test; a case may replace it (close it first), and the last one is closed. */
    protected QueuePort queue;

    /**
     * Opens the adapter on {@code dir} with {@code clock}; opening it again on the same folder reopens it.
     * Its retry backoff should be short: some cases wait for every retry of a job.
     */
    protected abstract QueuePort openPort(Path dir, Clock clock) throws Exception;

    @BeforeEach
    final void openQueuePort() throws Exception {
        target = WebhookTarget.start();
        queue = openPort(dir, clock);
    }

    @AfterEach
    final void closeQueuePort() {
        target.release();
        try {
            if (queue != null) {
                queue.close();
            }
        } finally {
            target.close();
        }
    }

    /** A target without a secret, with the adapter's default number of retries. */
    protected static QueueTarget to(URI url) {
        return new QueueTarget(url, Optional.empty(), OptionalInt.empty());
    }

    /** A target without a secret whose failed deliveries are not retried. */
    protected static QueueTarget failFast(URI url) {
        return new QueueTarget(url, Optional.empty(), OptionalInt.of(0));
    }

    /** A loopback URL nothing listens on (the port was free a moment ago). */
    protected static URI unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
