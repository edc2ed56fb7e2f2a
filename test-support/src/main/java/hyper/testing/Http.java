package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one HTTP client of the test suites: a hyper-nano server seen from outside, at a base URL. Each request
 * has a 30 s timeout and is read whole; {@link Reply} asserts statuses and the error envelope.
 *
 * <p>A handle on a server whose address changes (one that restarts on another port) extends this class and
 * overrides {@link #url()}.
 */
public class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    /** The underlying client, for requests the methods here cannot express (streamed bodies). */
    public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    /** A client for the server at {@code base}, e.g. {@code http://127.0.0.1:6363}. */
    public Http(URI base) {
        this.base = Objects.requireNonNull(base);
    }

    /** A client for the server at {@code http://host:port}. */
    public Http(String host, int port) {
        this(URI.create("http://" + host + ":" + port));
    }

    /** For a subclass that overrides {@link #url()}. */
    protected Http() {
        this.base = null;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:6363}; asked for at each request. */
    public URI url() {
        return base;
    }

    /** The absolute URI of {@code path} (which starts with {@code /} and is sent as written). */
    public URI uri(String path) {
        return URI.create(url() + path);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** PUT without a body. */
    public Reply put(String path) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** PUT with a JSON body given as text (sent as is, so malformed JSON can be tested). */
    public Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    /** POST with a JSON body given as text (sent as is). */
    public Reply post(String path, String json) {
        return send("POST", path, json);
    }

    public Reply post(String path, byte[] body, String contentType) {
        return send("POST", path, body, contentType);
    }

    /** Sends a request with a JSON body, or with none when {@code json} is null. */
    public Reply send(String method, String path, String json) {
        return json == null ? send(method, path, null, null)
                : send(method, path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Sends a request with {@code body} as {@code contentType}, or with no body when it is null. */
    public Reply send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return send(request);
    }

    /** Sends {@code request} to whichever server it names and reads the whole reply. */
    public Reply send(HttpRequest.Builder request) {
        return exchange(request);
    }

    /** Sends {@code request} to whichever server it names, with a 30 s timeout, and reads the whole reply. */
    public static Reply exchange(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<byte[]> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and checks the status; returns the body as JSON. */
    public JsonNode expect(int status, String method, String path, String json) {
        Reply reply = send(method, path, json);
        assertEquals(status, reply.status(), () -> method + " " + path + " answered " + reply.text());
        return reply.json();
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-separated, no final blank line) over a raw socket
     * with {@code Connection: close}, for requests no HTTP client would send; returns the whole reply.
     */
    public String raw(String head) {
        URI url = url();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #raw(String)}, with {@code body} sent as it is after the head (framing is the caller's). The
     * answer is read up to its Content-Length: a server may linger before closing a connection whose body
     * it could not read to the end.
     */
    public String raw(String head, String body) {
        URI url = url();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
            var in = new DataInputStream(socket.getInputStream());
            StringBuilder answerHead = new StringBuilder();
            while (!answerHead.toString().endsWith("\r\n\r\n")) {
                answerHead.append((char) in.readUnsignedByte());
            }
            Matcher length = CONTENT_LENGTH.matcher(answerHead);
            byte[] answer = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
            in.readFully(answer);
            return answerHead + new String(answer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code /health} answers 200 now. */
    public boolean healthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls {@code /health} until it answers 200; fails, with {@code diagnostics} (such as the server's log),
     * after {@code timeout} or as soon as {@code alive} turns false.
     */
    public void awaitHealthy(Duration timeout, BooleanSupplier alive, Supplier<String> diagnostics) {
        try {
            Poll.until(timeout, () -> {
                if (healthy()) {
                    return true;
                }
                if (!alive.getAsBoolean()) {
                    throw new AssertionError("the server exited");
                }
                return false;
            }, url() + "/health to answer 200");
        } catch (AssertionError e) {
            throw new AssertionError("hyper-nano did not answer /health at " + url() + " (" + e.getMessage() + "):\n"
                    + diagnostics.get(), e);
        }
    }

    /** Creates cache store {@code store} (or finds it) and sets {@code key} to {@code {"n": n}}. */
    public void cachePut(String store, String key, int n) {
        int status = put("/cache/" + store).status();
        if (status != 201 && status != 409) {
            throw new AssertionError("PUT /cache/" + store + " answered " + status);
        }
        expect(200, "PUT", "/cache/" + store + "/" + key, "{\"n\":" + n + "}");
    }

    /** The {@code n} of the cache entry {@code key} of {@code store}; -1 if it has none. */
    public int cacheGet(String store, String key) {
        return expect(200, "GET", "/cache/" + store + "/" + key, null).path("n").asInt(-1);
    }

    /** A response: status, headers, and the body as bytes, text or parsed JSON. */
    public record Reply(int status, HttpResponse<byte[]> response, byte[] bytes) {

        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Asserts the status alone, naming the body if it differs. */
        public Reply assertStatus(int expected) {
            assertEquals(expected, status, () -> "status of " + text());
            return this;
        }

        /** Asserts the status and that the body is the error envelope with that status. */
        public Reply assertError(int expected) {
            assertStatus(expected);
            JsonNode body = json();
            assertFalse(body.path("ok").asBoolean(true), this::text);
            assertEquals(expected, body.path("status").asInt(), this::text);
            assertTrue(body.path("msg").isTextual(), this::text);
            String type = header("Content-Type");
            assertTrue(type != null && type.startsWith("application/json"), "Content-Type " + type);
            return this;
        }

        /** Asserts the status and {@code "ok":true}. */
        public Reply assertOk(int expected) {
            assertStatus(expected);
            assertTrue(json().path("ok").asBoolean(false), this::text);
            return this;
        }

        /** The {@code msg} of an error envelope. */
        public String msg() {
            return json().path("msg").asText();
        }
    }
}
