package hyper.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import hyper.core.HyperException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The HTTP conversation with the engine: JSON in, JSON out, and the failures every call shares translated
 * once. A call that cannot reach the engine, or that the engine cannot serve for now (429, 502, 503, 504), is
 * ENGINE_UNAVAILABLE; every other answer goes back to the caller, who knows what a 404 or a 409 means there.
 */
final class OpenSearchClient implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** An answer of the engine: its status and its JSON body ({@code MissingNode} when it sent none). */
    record Reply(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The engine's error type ({@code index_not_found_exception} ...), empty when it is not an error. */
        String errorType() {
            return body.path("error").path("type").asText("");
        }

        /** The engine's reason, for the server log. */
        String reason() {
            JsonNode error = body.path("error");
            return error.isTextual() ? error.asText() : error.path("reason").asText(body.toString());
        }
    }

    private final URI base;
    private final Optional<String> authorization;
    private final String where;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param url the engine's URL; its user information (if any) becomes HTTP basic authentication and is
     *     kept out of every message
     * @param timeout how long one call may take
     */
    OpenSearchClient(URI url, Duration timeout) {
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the search URL needs a host: http(s)://[user:password@]host:port");
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort() > 0 ? url.getPort() : 9200;
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        this.base = URI.create(scheme + "://" + url.getRawAuthority().replaceFirst("^.*@", "")
                .replaceFirst(":\\d+$", "") + ":" + port + path);
        this.where = base.toString();
        this.authorization = Optional.ofNullable(url.getRawUserInfo()).map(info -> {
            String[] parts = info.split(":", 2);
            String user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        });
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(5000, Math.max(1000, timeout.toMillis())))).build();
    }

    /** The engine's URL without credentials, for messages. */
    String where() {
        return where;
    }

    /** Sends a JSON body (or none when {@code body} is null). */
    Reply send(String method, String path, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            return exchange(method, path, text, "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HyperException.failed("cannot write a request to the search engine", e);
        }
    }

    /** Sends newline-delimited JSON (the {@code _bulk} API). */
    Reply sendLines(String path, String lines) {
        return exchange("POST", path, lines, "application/x-ndjson");
    }

    private Reply exchange(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(where + path)).timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw HyperException.unavailable("cannot reach the search engine at " + where + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HyperException.unavailable("interrupted while calling the search engine at " + where, e);
        }
        JsonNode json = MissingNode.getInstance();
        if (response.body().length > 0) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                // a proxy's HTML error page: the status says enough
            }
        }
        Reply reply = new Reply(response.statusCode(), json);
        int status = reply.status();
        if (status == 429 && isDiskFull(reply)) {
            throw HyperException.diskFull("the search engine at " + where + " blocks writes: " + reply.reason(), null);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw HyperException.unavailable("the search engine at " + where + " answered " + status + " to " + method
                    + " " + path + ": " + reply.reason(), null);
        }
        return reply;
    }

    /** The cluster turned its indexes read-only because a disk passed the flood stage. */
    private static boolean isDiskFull(Reply reply) {
        String reason = reply.reason();
        return reply.errorType().equals("cluster_block_exception")
                && (reason.contains("flood") || reason.contains("read-only-allow-delete") || reason.contains("read_only_allow_delete"));
    }

    /** Any answer the caller did not expect: disk full, else a failure whose detail is for the server log. */
    HyperException unexpected(Reply reply, String what) {
        if ((reply.status() == 403 || reply.status() == 429) && isDiskFull(reply)) {
            return HyperException.diskFull("the search engine at " + where + " blocks writes: " + reply.reason(), null);
        }
        return HyperException.failed("the search engine at " + where + " answered " + reply.status() + " to " + what
                + ": " + reply.reason(), null);
    }

    /** What the system said ("Connection refused"): the deepest cause that has words. */
    static String rootMessage(Throwable e) {
        String found = null;
        boolean refused = false;
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                found = t.getMessage();
            }
            refused |= t instanceof java.net.ConnectException;
        }
        if (found == null && refused) {
            return "Connection refused"; // the JDK's client throws its ConnectException without words
        }
        return found != null ? found : e.getClass().getSimpleName();
    }

    /** A path segment for a name or key: every byte but letters, digits, '-' and '_' percent-encoded. */
    static String segment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
