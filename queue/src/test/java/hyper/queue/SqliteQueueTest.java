package hyper.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueueTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter with an injected clock, delivering to a minimal HTTP/1.1 target on a free port. */
class SqliteQueueTest {

    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final SqliteQueue.Delivery FAST =
            new SqliteQueue.Delivery(Duration.ofSeconds(5), 0, Duration.ofMillis(10), 2);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private RawTarget target;
    private SqliteQueue queue;

    @BeforeEach
    void open() throws IOException {
        target = new RawTarget();
        queue = new SqliteQueue(dir.resolve("queue.db"), clock, FAST);
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        target.close();
    }

    @Test
    void signsWithTheInjectedClockInTheOriginalsFormat() {
        QueueName name = QueueName.of("signed");
        queue.create(name, new QueueTarget(target.url(), Optional.of("shhh"), OptionalInt.empty()));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("type", "job");
        job.put("text", "Hello World");
        queue.enqueue(name, job);
        await(() -> target.requests.size() == 1);
        RawTarget.Request request = target.requests.getFirst();
        assertEquals("{\"type\":\"job\",\"text\":\"Hello World\"}", request.body());
        assertEquals("t=1700000000000,sig=936c02185c0d38eafa06145d718ab4f23dd5b894a820e62aafca606f10a0033f",
                request.headers().get("x-hyper-signature"));
        assertTrue(request.headers().get("content-type").startsWith("application/json"));
    }

    @Test
    void timestampsComeFromTheClockAndRetryRenewsThem() throws IOException {
        target.status = 500;
        QueueName name = QueueName.of("clocked");
        queue.create(name, new QueueTarget(target.url(), Optional.empty(), OptionalInt.empty()));
        long id = queue.enqueue(name, Map.of("n", 1));
        await(() -> queue.jobs(name, JobStatus.ERROR).size() == 1);
        Job failed = queue.jobs(name, JobStatus.ERROR).getFirst();
        assertEquals(T0, failed.enqueued());
        assertEquals(Optional.of("target answered 500"), failed.error());

        clock.advance(Duration.ofMinutes(5));
        queue.retry(name, Long.toString(id));
        await(() -> target.requests.size() == 2 && queue.jobs(name, JobStatus.ERROR).size() == 1);
        assertEquals(T0.plus(Duration.ofMinutes(5)), queue.jobs(name, JobStatus.ERROR).getFirst().enqueued(),
                "a retry puts the job back with a fresh timestamp");

        target.status = 204;
        queue.retry(name, Long.toString(id));
        await(() -> target.requests.size() == 3 && queue.jobs(name, JobStatus.READY).isEmpty());
        assertEquals("{\"n\":1}", target.requests.getLast().body());
        assertEquals(0, queue.jobs(name, JobStatus.ERROR).size());
    }

    @Test
    void readyJobsOfAPreviousRunAreDeliveredWhenTheStoreOpens() throws IOException {
        QueueName name = QueueName.of("resume");
        target.status = 503;
        queue.create(name, new QueueTarget(target.url(), Optional.empty(), OptionalInt.of(10)));
        queue.enqueue(name, Map.of("n", 1));
        await(() -> target.requests.size() >= 1); // failed once, waiting for a retry
        queue.close();
        target.status = 200;
        int before = target.requests.size();
        queue = new SqliteQueue(dir.resolve("queue.db"), clock, FAST);
        await(() -> target.requests.size() > before && queue.jobs(name, JobStatus.READY).isEmpty());
        assertEquals("{\"n\":1}", target.requests.getLast().body());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** One request per connection, answered with {@link #status}: enough HTTP/1.1 for a webhook. */
    static final class RawTarget implements AutoCloseable {
        record Request(Map<String, String> headers, String body) {}

        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        RawTarget() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread.ofVirtual().start(() -> serve(connection));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }

        private void serve(Socket connection) {
            try (connection) {
                var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                Map<String, String> headers = new LinkedHashMap<>();
                in.readLine(); // request line
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                char[] body = new char[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
                int read = 0;
                while (read < body.length) {
                    read += in.read(body, read, body.length - read); // ASCII bodies in these tests
                }
                requests.add(new Request(headers, new String(body)));
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the client went away; nothing to record
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
