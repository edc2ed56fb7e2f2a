package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/1.0 clients (old tools, load balancers' health checks, {@code ab}) are answered: with the connection
 * closed after the answer unless they asked to keep it alive and the answer's length is known, with bodies
 * they send by their length, and never with a chunked answer, which 1.0 cannot read.
 */
class Http10Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aGetIsAnsweredAndTheConnectionClosed() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET /health HTTP/1.0\r\n\r\n"); // no Host: 1.0 has none
            Answer answer = Answer.read(socket.getInputStream());
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("close", answer.header("connection"));
            assertTrue(answer.json().path("ok").asBoolean(), answer.toString());
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed after the answer");
        }
    }

    @Test
    void keepAliveWithAKnownLengthReusesTheConnection() throws IOException {
        try (Socket socket = open()) {
            for (int i = 0; i < 3; i++) {
                send(socket, "GET /health HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
                Answer answer = Answer.read(socket.getInputStream());
                assertEquals(200, answer.status(), answer.toString());
                assertEquals("keep-alive", answer.header("connection").toLowerCase(Locale.ROOT));
                assertTrue(answer.headers().containsKey("content-length"), answer.toString());
            }
            // without the header, the next answer is the last one
            send(socket, "GET /health HTTP/1.0\r\n\r\n");
            assertEquals(200, Answer.read(socket.getInputStream()).status());
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aHeadRequestKeptAliveGetsNoBody() throws IOException {
        try (Socket socket = open()) {
            send(socket, "HEAD /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Answer head = Answer.readHead(socket.getInputStream());
            assertEquals(200, head.status(), head.toString());
            // had a body followed, the next answer would not start with a status line
            send(socket, "GET /health HTTP/1.0\r\n\r\n");
            Answer get = Answer.read(socket.getInputStream());
            assertEquals(200, get.status(), get.toString());
        }
    }

    /** The answer to HEAD of an object has its length but no body; one to HEAD of a JSON route has a body, dropped. */
    @Test
    void headOfAnObjectKeptAliveToo() throws IOException {
        server.put("/storage/old-head").assertOk(201);
        server.post("/storage/old-head/a.txt", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
        try (Socket socket = open()) {
            send(socket, "HEAD /storage/old-head/a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Answer head = Answer.readHead(socket.getInputStream());
            assertEquals("10", head.header("content-length"), head.toString());
            assertEquals("keep-alive", head.header("connection"), head.toString());
            send(socket, "GET /storage/old-head/a.txt HTTP/1.0\r\n\r\n");
            assertEquals("0123456789", new String(Answer.read(socket.getInputStream()).body(), StandardCharsets.UTF_8));
        }
    }

    /** 1.0 has no transfer codings: such a request is still served, and the connection closed after it. */
    @Test
    void aChunkedRequestIsServedAndEndsTheConnection() throws IOException {
        assertEquals(201, exchange("PUT", "/cache/old-chunked", null).status());
        String body = "{\"key\":\"c\",\"value\":{\"n\":3}}";
        try (Socket socket = open()) {
            send(socket, "POST /cache/old-chunked HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                    + "\r\n0\r\n\r\n");
            Answer answer = Answer.read(socket.getInputStream());
            assertEquals(201, answer.status(), answer.toString());
            assertEquals("close", answer.header("connection"));
            assertEquals(-1, socket.getInputStream().read());
        }
        assertEquals(3, exchange("GET", "/cache/old-chunked/c", null).json().path("n").asInt());
    }

    /** After a kept-alive 1.0 request, 1.1 ones on the same connection are served as 1.1, kept open. */
    @Test
    void anHttp11RequestAfterA10OneIsServedAs11() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(200, Answer.read(socket.getInputStream()).status());
            send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer answer = Answer.read(socket.getInputStream());
            assertEquals(200, answer.status(), answer.toString());
            send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(200, Answer.read(socket.getInputStream()).status());
        }
    }

    @Test
    void bodiesWithAContentLengthAreRead() throws IOException {
        assertEquals(201, exchange("PUT", "/cache/old-client", null).status());
        Answer added = exchange("POST", "/cache/old-client", "{\"key\":\"movie\",\"value\":{\"title\":\"Dune\"}}");
        assertEquals(201, added.status(), added.toString());
        Answer read = exchange("GET", "/cache/old-client/movie", null);
        assertEquals("Dune", read.json().path("title").asText(), read.toString());

        assertEquals(201, exchange("PUT", "/data/old-client", null).status());
        Answer doc = exchange("POST", "/data/old-client", "{\"_id\":\"d1\",\"n\":1}");
        assertEquals(201, doc.status(), doc.toString());
        assertEquals(1, exchange("GET", "/data/old-client/d1", null).json().path("n").asInt());
    }

    @Test
    void severalBodiesOnOneKeptAliveConnection() throws IOException {
        assertEquals(201, exchange("PUT", "/cache/old-keep", null).status());
        try (Socket socket = open()) {
            for (int i = 0; i < 3; i++) {
                String body = "{\"key\":\"k" + i + "\",\"value\":{\"n\":" + i + "}}";
                send(socket, "POST /cache/old-keep HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                Answer answer = Answer.read(socket.getInputStream());
                assertEquals(201, answer.status(), answer.toString());
            }
        }
        assertEquals(2, exchange("GET", "/cache/old-keep/k2", null).json().path("n").asInt());
    }

    /** An export is streamed, so HTTP/1.1 gets it chunked: a 1.0 client gets the same bytes, ended by the close. */
    @Test
    void aChunkedAnswerArrivesWholeAndUnchunked() throws Exception {
        byte[] object = new byte[256 * 1024];
        new Random(10).nextBytes(object);
        server.put("/storage/old-export").assertOk(201);
        server.post("/storage/old-export/blob.bin", object, "application/octet-stream").assertOk(201);

        RawHttp.Response chunked = RawHttp.exchange(server.url(),
                RawHttp.Request.of("GET", "/_admin/export", List.of(), null), 20_000).orElseThrow();
        assertEquals("chunked", chunked.header("transfer-encoding").orElse("(none)"), "the 1.1 answer is chunked");

        try (Socket socket = open()) {
            // keep-alive asked for, but an answer without a known length can only end with the connection
            send(socket, "GET /_admin/export HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            byte[] all = socket.getInputStream().readAllBytes();
            Answer answer = Answer.parse(all);
            assertEquals(200, answer.status(), answer.toString());
            assertFalse(answer.headers().containsKey("transfer-encoding"), answer.toString());
            assertEquals("close", answer.header("connection"));
            assertEquals(JSON.readTree(chunked.body()), answer.json(), "the same snapshot as over HTTP/1.1");
            String base64 = answer.json().findValue("storage").toString();
            assertTrue(base64.contains(java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(object, 300))
                    .substring(0, 100)), "the object is in the snapshot");
        }
    }

    @Test
    void aHostHeaderIsKeptAndOneIsNotNeeded() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET / HTTP/1.0\r\nHost: example.test\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(200, Answer.read(socket.getInputStream()).status());
            send(socket, "GET / HTTP/1.0\r\n\r\n");
            assertEquals(200, Answer.read(socket.getInputStream()).status());
        }
    }

    @Test
    void aGarbledRequestIs400WithTheEnvelope() throws IOException {
        for (String head : List.of("G\u0001T /health HTTP/1.0\r\n\r\n", "GET /health HTTP/1.0\r\nno colon here\r\n\r\n",
                "GET /he alth HTTP/1.0\r\n\r\n")) {
            try (Socket socket = open()) {
                send(socket, head);
                Answer answer = Answer.read(socket.getInputStream());
                assertEquals(400, answer.status(), RawHttp.printable(head, 200) + " → " + answer);
                assertEquals(400, answer.json().path("status").asInt(), answer.toString());
                assertFalse(answer.json().path("ok").asBoolean(true), answer.toString());
            }
        }
    }

    @Test
    void aHeadOverTheLimitIsRefusedAsOverHttp11() throws IOException {
        String big = "X-Big: " + "a".repeat(40_000) + "\r\n";
        int over11 = RawHttp.exchange(server.url(), RawHttp.Request.rawHead(
                "GET /health HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n", null), 10_000).orElseThrow().status();
        assertTrue(over11 == 400 || over11 == 431, "over HTTP/1.1: " + over11);
        try (Socket socket = open()) {
            send(socket, "GET /health HTTP/1.0\r\n" + big + "\r\n");
            Answer answer = Answer.parse(socket.getInputStream().readAllBytes());
            assertEquals(over11, answer.status(), answer.toString());
            assertEquals(over11, answer.json().path("status").asInt(), answer.toString());
        }
    }

    @Test
    void aBodyIsReadByItsLengthNotByTheClose() throws IOException {
        // the bytes after the declared length are the next request, not more body
        assertEquals(201, exchange("PUT", "/cache/old-exact", null).status());
        String body = "{\"key\":\"a\",\"value\":{\"n\":7}}";
        try (Socket socket = open()) {
            send(socket, "POST /cache/old-exact HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body + "GET /cache/old-exact/a HTTP/1.0\r\n\r\n");
            assertEquals(201, Answer.read(socket.getInputStream()).status());
            Answer read = Answer.read(socket.getInputStream());
            assertEquals(7, read.json().path("n").asInt(), read.toString());
            assertArrayEquals(new byte[0], socket.getInputStream().readAllBytes());
        }
    }

    // ---- a 1.0 client over a socket

    private static Socket open() throws IOException {
        Socket socket = new Socket(server.url().getHost(), server.url().getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** One HTTP/1.0 request on a connection of its own; the answer ends with the connection. */
    private static Answer exchange(String method, String path, String json) throws IOException {
        try (Socket socket = open()) {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            send(socket, method + " " + path + " HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            return Answer.parse(socket.getInputStream().readAllBytes());
        }
    }

    /** An answer as a 1.0 client reads it: a body of Content-Length bytes, or up to the close. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {

        /** Reads one answer, its body by its Content-Length. */
        static Answer read(InputStream in) throws IOException {
            Answer head = readHead(in);
            int length = Integer.parseInt(head.header("content-length"));
            return new Answer(head.status, head.headers, in.readNBytes(length));
        }

        static Answer readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
            }
            return parse(head.toByteArray());
        }

        /** An answer ended by the close: everything after the head is the body. */
        static Answer parse(byte[] all) {
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("no answer: " + RawHttp.printable(text, 300));
            }
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    Arrays.copyOfRange(all, end + 4, all.length));
        }

        String header(String name) {
            return headers.getOrDefault(name, "(none)");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + RawHttp.printable(new String(body, StandardCharsets.UTF_8), 500);
        }
    }
}
