package hyper.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.HyperException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a route handler sees it: decoded path parameters, query parameters, the JSON body read
 * within a size limit, and replies in the hyper envelope.
 */
final class Call {

    /** Body limit of data create and replace. */
    static final long DOCUMENT_LIMIT = 8L * 1024 * 1024;
    /** Body limit of every other JSON route. */
    static final long JSON_LIMIT = 10L * 1024 * 1024;

    private final ServerRequest request;
    private final ServerResponse response;
    private final Map<String, String> params;
    private final CloudPaths.Split path;
    private final boolean signed;

    Call(ServerRequest request, ServerResponse response, Map<String, String> params) {
        this(request, response, params, new CloudPaths.Split("", request.path().rawPath()), false);
    }

    /**
     * {@code path}: the request path in the nano form and the cloud form's app prefix, if it had one;
     * {@code signed}: the request carries a signed URL that was verified for this route.
     */
    Call(ServerRequest request, ServerResponse response, Map<String, String> params, CloudPaths.Split path,
            boolean signed) {
        this.request = request;
        this.response = response;
        this.params = params;
        this.path = path;
        this.signed = signed;
    }

    ServerRequest request() {
        return request;
    }

    ServerResponse response() {
        return response;
    }

    /** The raw (percent-encoded) request path in the nano form: without the cloud form's app segment. */
    String path() {
        return path.path();
    }

    /** The cloud form's app segment ({@code /my-app}, raw), or empty for the nano form. */
    String appPrefix() {
        return path.prefix();
    }

    /** Whether the request came through a signed URL that allows it (see {@link SignedUrls}). */
    boolean signed() {
        return signed;
    }

    /** A path parameter, percent-decoded. */
    String param(String name) {
        return params.get(name);
    }

    /** A query parameter; a repeated parameter is rejected as the original's schemas did. */
    Optional<String> query(String name) {
        if (!request.query().contains(name)) {
            return Optional.empty();
        }
        // "?pattern" without "=" is present with no value: read as empty, as Express's parser does
        List<String> values = request.query().all(name, List::of);
        if (values.isEmpty()) {
            return Optional.of("");
        }
        if (values.size() > 1) {
            throw Args.wrongType(name, "string", values);
        }
        return Optional.of(values.getFirst());
    }

    Optional<String> header(HeaderName name) {
        return request.headers().first(name);
    }

    /**
     * The JSON body, an object or an array. Like the original, a request without a Content-Type header, or
     * with an empty body, counts as {@code {}}.
     */
    JsonNode json(long limit) {
        if (!request.headers().contains(HeaderNames.CONTENT_TYPE) || !request.content().hasEntity()) {
            return Json.MAPPER.createObjectNode();
        }
        byte[] body = readBody(limit);
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw HyperException.refused(Json.describe(e));
        } catch (IOException e) {
            throw HyperException.refused("cannot read request body: " + e.getMessage());
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            throw HyperException.refused("request body must be a JSON object or array");
        }
        return node;
    }

    /** The JSON body, which must be an object; an array is rejected as the named argument. */
    Map<String, Object> jsonObject(long limit, String argument) {
        JsonNode node = json(limit);
        if (!node.isObject()) {
            throw Args.wrongType(argument, "object", List.of());
        }
        return Json.toMap(node);
    }

    private byte[] readBody(long limit) {
        long declared = request.headers().contentLength().orElse(-1L);
        if (declared > limit) {
            throw HyperException.of(HyperException.Fact.TOO_LARGE);
        }
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw HyperException.of(HyperException.Fact.TOO_LARGE);
            }
            return bytes;
        } catch (IOException e) {
            throw HyperException.refused("cannot read request body: " + e.getMessage());
        }
    }

    /** The request body as a stream; a client that breaks it causes an {@link IOException}, never a 500. */
    InputStream body() {
        return new RequestBody(request.content().inputStream(),
                () -> response.header(HeaderNames.CONNECTION, "close"));
    }

    /** Sends {@code body} as JSON with {@code status}. */
    void send(int status, Object body) {
        byte[] bytes = Json.write(body);
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE);
        response.send(bytes);
    }

    /** Sends {@code {"ok":true}} plus the given fields. */
    void ok(int status, Object... fields) {
        send(status, Json.ok(fields));
    }

    /**
     * Whether a GET answers with the bare stored value (the original's legacy shape) rather than
     * {@code {ok, doc}}: yes unless {@code X-HYPER-LEGACY-GET} holds a non-empty value other than "true".
     */
    boolean legacyGet() {
        String value = header(LEGACY_GET).map(String::trim).orElse("");
        return value.isEmpty() || value.equals("true");
    }

    private static final HeaderName LEGACY_GET = HeaderNames.create("X-HYPER-LEGACY-GET");
}
