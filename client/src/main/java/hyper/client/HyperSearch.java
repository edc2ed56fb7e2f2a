package hyper.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The search service of one domain: a full-text index ({@code hyper.search} in hyper-connect). The index
 * is created with the fields it searches and the fields it stores (returned with each hit).
 */
public final class HyperSearch {

    private static final List<String> HIT_META = List.of("score", "terms", "queryTerms", "match");

    private final Transport t;
    private final URI url;

    HyperSearch(Transport t) {
        this.t = t;
        this.url = t.connection.serviceUrl("search");
    }

    private URI item(String key) {
        return URI.create(url + "/" + Transport.segment(Objects.requireNonNull(key, "key")));
    }

    /** Indexes a document under {@code key}; a key that exists is a 409. {@code POST /search/{index}} */
    public Result add(String key, Object doc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", Objects.requireNonNull(key, "key"));
        body.put("doc", Objects.requireNonNull(doc, "doc"));
        return Replies.result(t.json("POST", url, body));
    }

    /** The stored document of a key, as a map. {@code GET /search/{index}/{key}} */
    public SearchDocResult<Map<String, Object>> get(String key) {
        return get(key, t.mapType());
    }

    /** The stored document of a key, as {@code type}. */
    public <T> SearchDocResult<T> get(String key, Class<T> type) {
        return get(key, t.type(type));
    }

    private <T> SearchDocResult<T> get(String key, JavaType type) {
        Transport.Reply r = t.json("GET", item(key), null);
        T doc = r.ok() ? t.convert(r.body().path("doc"), type) : null;
        return new SearchDocResult<>(r.ok(), r.status(), r.msg(), r.body().path("key").asText(""), doc);
    }

    /** Replaces the document of a key. {@code PUT /search/{index}/{key}} */
    public Result update(String key, Object doc) {
        return Replies.result(t.json("PUT", item(key), Objects.requireNonNull(doc, "doc")));
    }

    /** Removes a document from the index. {@code DELETE /search/{index}/{key}} */
    public Result remove(String key) {
        return Replies.result(t.json("DELETE", item(key), null));
    }

    /** The documents that match {@code query} in any indexed field. */
    public SearchResult<Map<String, Object>> query(String query) {
        return query(query, SearchOptions.none());
    }

    /** The documents that match {@code query}, in some fields only and with a filter. */
    public SearchResult<Map<String, Object>> query(String query, SearchOptions options) {
        return query(query, options, t.mapType());
    }

    /** As {@link #query(String, SearchOptions)}, the stored fields of each hit as {@code type}. */
    public <T> SearchResult<T> query(String query, SearchOptions options, Class<T> type) {
        return query(query, options, t.type(type));
    }

    private <T> SearchResult<T> query(String query, SearchOptions options, JavaType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Objects.requireNonNull(query, "query"));
        body.putAll(options.body());
        Transport.Reply r = t.json("POST", URI.create(url + "/_query"), body);
        List<SearchMatch<T>> matches = r.ok() ? t.list(r.body().path("matches"), n -> match(n, type)) : List.of();
        return new SearchResult<>(r.ok(), r.status(), r.msg(), matches);
    }

    private <T> SearchMatch<T> match(JsonNode hit, JavaType type) {
        ObjectNode fields = hit.isObject() ? ((ObjectNode) hit).deepCopy() : t.mapper.createObjectNode();
        fields.remove(HIT_META);
        return new SearchMatch<>(hit.path("id").asText(), hit.path("score").asDouble(), t.strings(hit.path("terms")),
                t.strings(hit.path("queryTerms")), t.stringLists(hit.path("match")), t.convert(fields, type));
    }

    /** Indexes many documents, each with its key in {@code id}. {@code POST /search/{index}/_bulk} */
    public BulkResult load(List<?> docs) {
        return Replies.bulk(t, t.json("POST", URI.create(url + "/_bulk"), List.copyOf(docs)));
    }

    /** Creates the index, searching {@code fields} and storing them. {@code PUT /search/{index}} */
    public Result create(List<String> fields) {
        return create(fields, List.of());
    }

    /**
     * Creates the index, searching {@code fields} and storing {@code storeFields} (returned with each hit).
     */
    public Result create(List<String> fields, List<String> storeFields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fields", List.copyOf(fields));
        if (!storeFields.isEmpty()) {
            body.put("storeFields", List.copyOf(storeFields));
        }
        return Replies.result(t.json("PUT", url, body));
    }

    /**
     * Deletes the index. {@code DELETE /search/{index}}
     *
     * @param confirm must be true, as in hyper-connect
     * @throws IllegalArgumentException if not confirmed (no request is sent)
     */
    public Result destroy(boolean confirm) {
        Hyper.confirm(confirm);
        return Replies.result(t.json("DELETE", url, null));
    }
}
