package hyper.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The cache service of one domain: a key/value store with time to live ({@code hyper.cache} in
 * hyper-connect). Keys are lower-case: a letter first, then {@code a-z 0-9 _ ~ $ + / -}. Values are JSON
 * objects: a {@code Map}, a record, a bean.
 *
 * <p>TTLs are given as a {@link Duration} or in the {@code ms} grammar of hyper-connect ({@code "300ms"},
 * {@code "10s"}, {@code "1h"}, {@code "2 days"}).
 */
public final class HyperCache {

    private final Transport t;
    private final URI url;

    HyperCache(Transport t) {
        this.t = t;
        this.url = t.connection.serviceUrl("cache");
    }

    private URI item(String key) {
        return URI.create(url + "/" + Transport.segment(Objects.requireNonNull(key, "key")));
    }

    /** Adds an entry that does not expire; a key that exists is a 409. {@code POST /cache/{name}} */
    public Result add(String key, Object value) {
        return add(key, value, (String) null);
    }

    /** Adds an entry that expires after {@code ttl}. */
    public Result add(String key, Object value, Duration ttl) {
        return add(key, value, ttl(ttl));
    }

    /** Adds an entry that expires after {@code ttl} ({@code "300ms"}, {@code "1h"} ...; null: never). */
    public Result add(String key, Object value, String ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", Objects.requireNonNull(key, "key"));
        body.put("value", Objects.requireNonNull(value, "value"));
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        return Replies.result(t.json("POST", url, body));
    }

    /** The value of a key, as a map. {@code GET /cache/{name}/{key}} */
    public DocResult<Map<String, Object>> get(String key) {
        return get(key, t.mapType());
    }

    /** The value of a key, as {@code type}. */
    public <T> DocResult<T> get(String key, Class<T> type) {
        return get(key, t.type(type));
    }

    private <T> DocResult<T> get(String key, JavaType type) {
        return Replies.doc(t, t.json("GET", item(key), null, Transport.LEGACY_GET, "false"), type);
    }

    /** Sets a key without expiry; an existing value is shallow-merged. {@code PUT /cache/{name}/{key}} */
    public Result set(String key, Object value) {
        return set(key, value, (String) null);
    }

    /** Sets a key that expires after {@code ttl}. */
    public Result set(String key, Object value, Duration ttl) {
        return set(key, value, ttl(ttl));
    }

    /** Sets a key that expires after {@code ttl} ({@code "300ms"}, {@code "1h"} ...; null: never). */
    public Result set(String key, Object value, String ttl) {
        URI uri = item(key);
        if (ttl != null && !ttl.isEmpty()) {
            uri = URI.create(uri + Transport.query(Map.of("ttl", ttl)));
        }
        return Replies.result(t.json("PUT", uri, Objects.requireNonNull(value, "value")));
    }

    /** Removes a key; a missing key is fine. {@code DELETE /cache/{name}/{key}} */
    public Result remove(String key) {
        return Replies.result(t.json("DELETE", item(key), null));
    }

    /** Every entry. */
    public CacheEntries<Map<String, Object>> query() {
        return query("*");
    }

    /** The entries whose key matches {@code pattern}, where {@code *} is any run of characters. */
    public CacheEntries<Map<String, Object>> query(String pattern) {
        return query(pattern, t.mapType());
    }

    /** As {@link #query(String)}, each value as {@code type}. {@code POST /cache/{name}/_query?pattern=} */
    public <T> CacheEntries<T> query(String pattern, Class<T> type) {
        return query(pattern, t.type(type));
    }

    private <T> CacheEntries<T> query(String pattern, JavaType type) {
        URI uri = URI.create(url + "/_query" + Transport.query(Map.of("pattern", Objects.requireNonNull(pattern))));
        Transport.Reply r = t.json("POST", uri, null);
        var docs = r.ok() ? t.list(r.body().path("docs"), (JsonNode n) ->
                new CacheEntry<T>(n.path("key").asText(), t.convert(n.path("value"), type))) : java.util.List.<CacheEntry<T>>of();
        return new CacheEntries<>(r.ok(), r.status(), r.msg(), docs);
    }

    /** Creates the store. {@code PUT /cache/{name}} */
    public Result create() {
        return Replies.result(t.json("PUT", url, null));
    }

    /**
     * Deletes the store and its entries. {@code DELETE /cache/{name}}
     *
     * @param confirm must be true, as in hyper-connect
     * @throws IllegalArgumentException if not confirmed (no request is sent)
     */
    public Result destroy(boolean confirm) {
        Hyper.confirm(confirm);
        return Replies.result(t.json("DELETE", url, null));
    }

    private static String ttl(Duration ttl) {
        return ttl == null ? null : ttl.toMillis() + "ms";
    }
}
