package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.ChildProcess;
import hyper.testing.Poll;
import hyper.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Running out of file descriptors must not end the HTTP listener: a child server under {@code ulimit -n 256}
 * gets more idle connections than it has descriptors, and must answer once they are gone.
 */
@EnabledOnOs(OS.LINUX)
class ConnectionLimitsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void theConnectionCapKeepsDescriptorsForTheServer() throws Exception {
        assertEquals(100, HttpListener.maxConnections(0, OptionalLong.of(256), 56));
        assertEquals(16, HttpListener.maxConnections(0, OptionalLong.of(256), 250));
        assertEquals(1000, HttpListener.maxConnections(0, OptionalLong.empty(), 56));
        assertEquals(5, HttpListener.maxConnections(5, OptionalLong.of(256), 56));
        try (Child server = Child.start(dir, 256)) {
            flood(server.port, 400);
            assertAnswers(server.port);
            assertFalse(server.log().contains("terminating"), server.log());
        }
    }

    @Test
    void aListenerThatDiesOfDescriptorExhaustionListensAgain() throws Exception {
        try (Child server = Child.start(dir, 256, "--max-connections", "10000")) {
            flood(server.port, 400);
            assertAnswers(server.port);
        }
    }

    /**
     * A slow-header client (slowloris), over HTTP/1.1 or 1.0, sends its request head a line at a time and never ends it: the
     * connection is closed after the idle timeout like an idle one, and the server keeps answering others.
     */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.0"})
    void aRequestHeadThatNeverEndsIsClosedAfterTheIdleTimeout(String version) throws Exception {
        try (TestServer server = TestServer.start(TestServer.options(dir).toBuilder()
                .idleTimeout(Duration.ofSeconds(1)).build());
                Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.url().getPort())) {
            slow.setSoTimeout(200);
            var out = slow.getOutputStream();
            out.write(("GET /health " + version + "\r\nHost: localhost\r\n").getBytes());
            long start = System.nanoTime();
            boolean closed = false;
            for (int line = 0; line < 100 && !closed; line++) { // 20 s at most
                try {
                    out.write(("X-Slow-" + line + ": 1\r\n").getBytes());
                    out.flush();
                    closed = slow.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server is still waiting for the head
                } catch (IOException reset) {
                    closed = true;
                }
            }
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(closed, "the slow connection was still open after " + open);
            assertTrue(open.compareTo(Duration.ofSeconds(10)) < 0, "closed only after " + open);
            assertAnswers(server.url().getPort());
        }
    }

    /**
     * Beyond the served cap a connection is not left hanging: its request gets one 503 envelope saying so,
     * with Retry-After and Connection: close, and the connection is closed; the connections being served
     * carry on, and once they close new ones are served again.
     */
    @Test
    void aConnectionOverTheCapIsAnswered503AndTheServedOnesCarryOn() throws Exception {
        try (TestServer server = TestServer.start(TestServer.options(dir).toBuilder().maxConnections(2).build())) {
            URI url = server.url();
            List<KeptAlive> served = List.of(KeptAlive.open(url), KeptAlive.open(url));
            try {
                for (KeptAlive connection : served) {
                    assertEquals(200, connection.get("/health"));
                }
                RawHttp.Response refused = RawHttp.exchange(url,
                        RawHttp.Request.of("GET", "/health", List.of(), null), 10_000).orElseThrow();
                assertEquals(503, refused.status(), refused.text());
                var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(refused.body());
                assertFalse(envelope.path("ok").asBoolean(true), refused.text());
                assertEquals(503, envelope.path("status").asInt(), refused.text());
                assertTrue(envelope.path("msg").asText().startsWith("too many connections: "), refused.text());
                assertEquals("1", refused.header("retry-after").orElse("(none)"));
                assertEquals("close", refused.header("connection").orElse("(none)"));
                for (KeptAlive connection : served) {
                    assertEquals(200, connection.get("/health"), "a served connection goes on");
                }
            } finally {
                for (KeptAlive connection : served) {
                    connection.close();
                }
            }
            // a connection of its own each time (a pooling client would hold a slot); its slot is free again
            // before the server closes it
            Poll.until(Duration.ofSeconds(10), () -> rawStatus(url) == 200, "a new connection to be served");
            try (KeptAlive again = KeptAlive.open(url); KeptAlive andAgain = KeptAlive.open(url)) {
                assertEquals(200, again.get("/health"));
                assertEquals(200, andAgain.get("/health"));
            }
        }
    }

    private static int rawStatus(URI url) {
        try {
            return RawHttp.exchange(url, RawHttp.Request.of("GET", "/health", List.of(), null), 5_000)
                    .map(RawHttp.Response::status).orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** An HTTP/1.1 connection kept open between requests. */
    private record KeptAlive(Socket socket) implements AutoCloseable {
        static KeptAlive open(URI server) throws IOException {
            Socket socket = new Socket(server.getHost(), server.getPort());
            socket.setSoTimeout(10_000);
            return new KeptAlive(socket);
        }

        /** The status of a GET of {@code path}, its body read by its Content-Length. */
        int get(String path) throws IOException {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            var in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed after " + head);
                }
                head.append((char) b);
            }
            var length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
            if (!length.find()) {
                throw new IOException("no Content-Length in " + head);
            }
            in.readNBytes(Integer.parseInt(length.group(1)));
            return Integer.parseInt(head.substring(9, 12));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Opens {@code count} idle connections (the kernel accepts them into the backlog), then closes them. */
    private static void flood(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                try {
                    sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
                } catch (java.net.ConnectException refused) {
                    break; // the listener died of it mid-flood: what the test is about
                }
            }
            sleep(Duration.ofSeconds(2)); // let the server accept what it can
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void assertAnswers(int port) {
        Poll.until(Duration.ofSeconds(20), () -> status(port) == 200, "the server to answer again");
    }

    private static int status(int port) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A server in a child JVM whose open-files limit is {@code descriptors}. */
    private record Child(ChildProcess process, int port) implements AutoCloseable {
        static Child start(Path dir, int descriptors, String... flags) {
            int port = Ports.free();
            List<String> command = new ArrayList<>(List.of("bash", "-c",
                    "ulimit -n " + descriptors + " && exec \"$0\" \"$@\"",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--port", String.valueOf(port), "--dir", dir.resolve("data").toString()));
            command.addAll(List.of(flags));
            Child child = new Child(ChildProcess.start(dir, Map.of(), command), port);
            Poll.until(Duration.ofSeconds(60), () -> status(port) == 200 || !child.process.isAlive(),
                    "the child server");
            assertTrue(child.process.isAlive(), child.log());
            return child;
        }

        String log() {
            return process.output();
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
