package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A hyper-nano server seen from outside, over HTTP. */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;

    Http(String host, int port) {
        this.base = URI.create("http://" + host + ":" + port);
    }

    /** A JSON answer and its status. */
    record Answer(int status, JsonNode body) {}

    Answer send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends and checks the status; returns the body. */
    JsonNode expect(int status, String method, String path, String json) {
        Answer answer = send(method, path, json);
        assertEquals(status, answer.status(), method + " " + path + " answered " + answer.body());
        return answer.body();
    }

    boolean healthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls {@code /health} until it answers 200; fails after the timeout or when {@code alive} turns false. */
    void awaitHealthy(Duration timeout, BooleanSupplier alive, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy()) {
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                throw new AssertionError("hyper-nano did not answer /health at " + base + ":\n" + diagnostics.get());
            }
            Thread.sleep(20);
        }
    }

    /** Creates cache store {@code store} (or finds it) and sets {@code key} to {@code {"n": n}}. */
    void cachePut(String store, String key, int n) {
        int status = send("PUT", "/cache/" + store, null).status();
        if (status != 201 && status != 409) {
            throw new AssertionError("PUT /cache/" + store + " answered " + status);
        }
        expect(200, "PUT", "/cache/" + store + "/" + key, "{\"n\":" + n + "}");
    }

    int cacheGet(String store, String key) {
        return expect(200, "GET", "/cache/" + store + "/" + key, null).path("n").asInt(-1);
    }
}
