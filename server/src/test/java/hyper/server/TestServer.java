package hyper.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real hyper-nano server on a free port with its own data directory, and a small HTTP client for it.
 * Tests talk to it over HTTP only.
 */
final class TestServer implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The one HTTP client of the server tests (also for requests {@link #send} cannot express). */
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        Main.configureLogging();
    }

    private final Path dir;
    private HyperNano hyper;

    private TestServer(Path dir, ServerOptions options) {
        this.dir = dir;
        this.hyper = HyperNano.start(options);
    }

    /** Starts a server on a free loopback port, keeping its data in {@code dir}. */
    static TestServer start(Path dir) {
        return new TestServer(dir, options(dir));
    }

    static TestServer start(ServerOptions options) {
        return new TestServer(options.dataDir(), options);
    }

    static ServerOptions options(Path dir) {
        return ServerOptions.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir);
    }

    /** Stops the server and starts a new one on the same data directory. */
    void restart() {
        hyper.close();
        hyper = HyperNano.start(options(dir));
    }

    HyperNano hyper() {
        return hyper;
    }

    URI uri(String path) {
        return URI.create(hyper.url() + path);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(b::header);
        return send(b);
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** PUT without a body. */
    Reply put(String path) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** PUT with a JSON body given as text (sent as is, so malformed JSON can be tested). */
    Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply post(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply send(HttpRequest.Builder request) {
        return exchange(request);
    }

    /** Sends {@code request} to whichever server it names, with a 30 s timeout, and reads the whole reply. */
    static Reply exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, no final blank line) over a raw socket. */
    String raw(String head) {
        try (var socket = new java.net.Socket("127.0.0.1", hyper.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        hyper.close();
    }

    /** A response: status, headers, and the body as bytes or parsed JSON. */
    record Reply(int status, HttpResponse<byte[]> response, byte[] bytes) {

        JsonNode json() {
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(bytes), e);
            }
        }

        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Asserts the status alone, naming the body if it differs. */
        Reply assertStatus(int expected) {
            org.junit.jupiter.api.Assertions.assertEquals(expected, status, () -> "status of " + text());
            return this;
        }

        /** Asserts the status and that the body is the error envelope with that status. */
        Reply assertError(int expected) {
            assertStatus(expected);
            JsonNode body = json();
            org.junit.jupiter.api.Assertions.assertFalse(body.path("ok").asBoolean(true), text());
            org.junit.jupiter.api.Assertions.assertEquals(expected, body.path("status").asInt(), text());
            org.junit.jupiter.api.Assertions.assertTrue(body.path("msg").isTextual(), text());
            org.junit.jupiter.api.Assertions.assertTrue(header("Content-Type").startsWith("application/json"));
            return this;
        }

        /** Asserts the status and {@code "ok":true}. */
        Reply assertOk(int expected) {
            assertStatus(expected);
            org.junit.jupiter.api.Assertions.assertTrue(json().path("ok").asBoolean(false), text());
            return this;
        }

        String msg() {
            return json().path("msg").asText();
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
