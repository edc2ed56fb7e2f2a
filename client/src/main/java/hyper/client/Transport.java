package hyper.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends the requests of every service: signs them, applies the timeout, reads the JSON answer into a
 * {@link Reply}, and converts documents with the caller's {@link ObjectMapper}.
 */
final class Transport implements AutoCloseable {

    static final String LEGACY_GET = "X-HYPER-LEGACY-GET";

    /** An answer of the server: its status, {@code ok}, {@code msg} and JSON body (missing if not JSON). */
    record Reply(int status, boolean ok, String msg, JsonNode body) {}

    final Connection connection;
    final ObjectMapper mapper;
    private final HttpClient http;
    private final boolean ownsClient;
    private final Duration timeout;
    private final Clock clock;
    private final JavaType mapType;

    Transport(Connection connection, HttpClient http, boolean ownsClient, ObjectMapper mapper, Duration timeout,
            Clock clock) {
        this.connection = connection;
        this.http = http;
        this.ownsClient = ownsClient;
        this.mapper = mapper;
        this.timeout = timeout;
        this.clock = clock;
        this.mapType = mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);
    }

    /** A request to {@code uri} with what every call carries: the Authorization header, the timeout. */
    HttpRequest.Builder request(URI uri) {
        // no Accept header: hyper-connect sends none of its own, and "Accept: application/json" on an upload
        // is how the original asks for a signed URL
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (!timeout.isZero()) {
            b.timeout(timeout);
        }
        connection.credentials().ifPresent(c -> b.header("Authorization", "Bearer " + Jwt.sign(c, clock)));
        return b;
    }

    /** A JSON call: {@code body} (any Jackson-serialisable value, or null for none) as compact JSON. */
    Reply json(String method, URI uri, Object body, String... headers) {
        HttpRequest.Builder b = request(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        BodyPublisher publisher = BodyPublishers.noBody();
        if (body != null) {
            b.header("Content-Type", "application/json");
            publisher = BodyPublishers.ofByteArray(write(body));
        }
        return send(b.method(method, publisher).build());
    }

    Reply send(HttpRequest request) {
        HttpResponse<byte[]> response = exchange(request, BodyHandlers.ofByteArray());
        return reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** The response with its body still on the connection; the caller closes it. */
    HttpResponse<InputStream> stream(HttpRequest request) {
        return exchange(request, BodyHandlers.ofInputStream());
    }

    /** Reads the rest of a streamed response as a {@link Reply} (an error answer of a download). */
    Reply reply(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    in.readAllBytes());
        } catch (IOException e) {
            throw new HyperClientException("could not read the answer of " + describe(response.request()), e);
        }
    }

    private <B> HttpResponse<B> exchange(HttpRequest request, HttpResponse.BodyHandler<B> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new HyperClientException("no answer within " + timeout + " to " + describe(request), e);
        } catch (IOException e) {
            throw new HyperClientException("no answer to " + describe(request) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HyperClientException("interrupted while waiting for " + describe(request), e);
        }
    }

    /** hyper-connect's reading: JSON if the server says so, else the text as {@code msg}. */
    private Reply reply(int status, String contentType, byte[] bytes) {
        boolean success = status >= 200 && status < 300;
        if (!contentType.toLowerCase(java.util.Locale.ROOT).contains("application/json")) {
            return new Reply(status, success, new String(bytes, StandardCharsets.UTF_8), MissingNode.getInstance());
        }
        JsonNode body;
        try {
            body = bytes.length == 0 ? MissingNode.getInstance() : mapper.readTree(bytes);
        } catch (IOException e) {
            throw new HyperClientException("the server's answer (" + status + ") is not JSON", e);
        }
        JsonNode ok = body.path("ok");
        JsonNode msg = body.path("msg");
        return new Reply(status, ok.isBoolean() ? ok.booleanValue() : success, msg.isValueNode() ? msg.asText() : "",
                body);
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code Map<String, Object>}, the type of documents when the caller names no class. */
    JavaType mapType() {
        return mapType;
    }

    JavaType type(Class<?> type) {
        return mapper.constructType(type);
    }

    <T> T convert(JsonNode node, JavaType type) {
        try {
            return mapper.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new HyperClientException("cannot read " + abbreviate(node) + " as " + type.getTypeName(), e);
        }
    }

    <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(element.apply(n));
        }
        return out;
    }

    List<String> strings(JsonNode array) {
        return list(array, JsonNode::asText);
    }

    Map<String, List<String>> stringLists(JsonNode object) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), strings(e.getValue()));
        }
        return out;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** An id, key or name as one path segment: everything but RFC 3986's unreserved characters is escaped. */
    static String segment(String value) {
        return escape(value, false);
    }

    /** An object name as a path: slashes stay, so {@code docs/2024/notes.txt} makes nested keys. */
    static String path(String value) {
        return escape(value, true);
    }

    private static String escape(String value, boolean keepSlash) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an id, key or name must not be empty");
        }
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code ?a=1&b=2}, each value form-encoded with spaces as {@code %20}; empty for no parameters. */
    static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? '?' : '&').append(encode(k)).append('=').append(encode(v)));
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (ownsClient) {
            http.close();
        }
    }
}
