package hyper.client;

import com.fasterxml.jackson.databind.JavaType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The data service of one domain: a database of JSON documents ({@code hyper.data} in hyper-connect).
 * Documents go in as any value Jackson can write (a {@code Map}, a record, a bean) and come back as
 * {@code Map<String, Object>} or as the class a method is given.
 */
public final class HyperData {

    private final Transport t;
    private final URI url;

    HyperData(Transport t) {
        this.t = t;
        this.url = t.connection.serviceUrl("data");
    }

    private URI item(String id) {
        Objects.requireNonNull(id, "id");
        return URI.create(url + "/" + Transport.segment(id));
    }

    private URI action(String action) {
        return URI.create(url + "/" + action);
    }

    /** Adds a document; without an {@code _id} the server generates one. {@code POST /data/{db}} */
    public IdResult add(Object doc) {
        return Replies.id(t.json("POST", url, Objects.requireNonNull(doc, "doc")));
    }

    /** The document with this id, as a map. {@code GET /data/{db}/{id}} */
    public DocResult<Map<String, Object>> get(String id) {
        return get(id, t.mapType());
    }

    /** The document with this id, as {@code type}. */
    public <T> DocResult<T> get(String id, Class<T> type) {
        return get(id, t.type(type));
    }

    private <T> DocResult<T> get(String id, JavaType type) {
        return Replies.doc(t, t.json("GET", item(id), null, Transport.LEGACY_GET, "false"), type);
    }

    /** Every document, in {@code _id} order. {@code GET /data/{db}} */
    public DocsResult<Map<String, Object>> list() {
        return list(ListOptions.all());
    }

    /** Documents by {@code _id} range, keys, limit and order. */
    public DocsResult<Map<String, Object>> list(ListOptions options) {
        return list(options, t.mapType());
    }

    /** As {@link #list(ListOptions)}, each document as {@code type}. */
    public <T> DocsResult<T> list(ListOptions options, Class<T> type) {
        return list(options, t.type(type));
    }

    private <T> DocsResult<T> list(ListOptions options, JavaType type) {
        return Replies.docs(t, t.json("GET", URI.create(url + Transport.query(options.params())), null), type);
    }

    /** Replaces the whole document (or creates it). {@code PUT /data/{db}/{id}} */
    public IdResult update(String id, Object doc) {
        return Replies.id(t.json("PUT", item(id), Objects.requireNonNull(doc, "doc")));
    }

    /** Deletes a document. {@code DELETE /data/{db}/{id}} */
    public IdResult remove(String id) {
        return Replies.id(t.json("DELETE", item(id), null));
    }

    /** The documents matching a MongoDB selector (a map, or any value Jackson writes as an object). */
    public DocsResult<Map<String, Object>> query(Object selector) {
        return query(selector, QueryOptions.none());
    }

    /** The documents matching a selector, with projection, sort, limit, skip and an index hint. */
    public DocsResult<Map<String, Object>> query(Object selector, QueryOptions options) {
        return query(selector, options, t.mapType());
    }

    /** As {@link #query(Object, QueryOptions)}, each document as {@code type}. {@code POST /data/{db}/_query} */
    public <T> DocsResult<T> query(Object selector, QueryOptions options, Class<T> type) {
        return query(selector, options, t.type(type));
    }

    private <T> DocsResult<T> query(Object selector, QueryOptions options, JavaType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("selector", selector == null ? Map.of() : selector);
        body.putAll(options.body());
        return Replies.docs(t, t.json("POST", action("_query"), body), type);
    }

    /** Creates (or confirms) a named index on these fields. {@code POST /data/{db}/_index} */
    public Result index(String name, List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fields", List.copyOf(fields));
        body.put("name", Objects.requireNonNull(name, "name"));
        body.put("type", "JSON");
        return Replies.result(t.json("POST", action("_index"), body));
    }

    /**
     * Upserts many documents at once; a document with {@code "_deleted": true} is deleted.
     * {@code POST /data/{db}/_bulk}
     */
    public BulkResult bulk(List<?> docs) {
        return Replies.bulk(t, t.json("POST", action("_bulk"), List.copyOf(docs)));
    }

    /** Creates the database. {@code PUT /data/{db}} */
    public Result create() {
        return Replies.result(t.json("PUT", url, null));
    }

    /**
     * Deletes the database and every document in it. {@code DELETE /data/{db}}
     *
     * @param confirm must be true, as in hyper-connect
     * @throws IllegalArgumentException if not confirmed (no request is sent)
     */
    public Result destroy(boolean confirm) {
        Hyper.confirm(confirm);
        return Replies.result(t.json("DELETE", url, null));
    }
}
