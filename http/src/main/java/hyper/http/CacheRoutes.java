package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import hyper.core.cache.Ttl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cache routes of the hyper API. */
final class CacheRoutes implements Router.Routes {

    private final CachePort cache;

    CacheRoutes(CachePort cache) {
        this.cache = cache;
    }

    @Override
    public Optional<Service> service() {
        return Optional.of(Service.CACHE);
    }

    @Override
    public void register(Router r) {
        r.get("/cache", this::info);
        r.put("/cache/{name}", call -> {
            cache.createStore(name(call));
            call.ok(201);
        });
        r.delete("/cache/{name}", call -> {
            cache.destroyStore(name(call));
            call.ok(200);
        });
        r.post("/cache/{name}", this::add);
        r.get("/cache/{name}/_query", this::query);
        r.post("/cache/{name}/_query", this::query);
        r.get("/cache/{name}/{key}", this::get);
        r.put("/cache/{name}/{key}", this::set);
        r.delete("/cache/{name}/{key}", call -> {
            cache.remove(name(call), key(call));
            call.ok(200);
        });
    }

    private void info(Call call) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "cache");
        info.put("version", "0.0.4");
        info.put("stores", cache.stores());
        call.send(200, info);
    }

    private void add(Call call) {
        CacheName store = name(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "doc");
        CacheKey cacheKey = CacheKey.of(Args.string(body, "key"));
        Map<String, Object> value = Args.object(body, "value");
        cache.add(store, cacheKey, value, ttl(body.get("ttl")));
        call.ok(201);
    }

    private void get(Call call) {
        Map<String, Object> value = cache.get(name(call), key(call));
        if (call.legacyGet()) {
            call.send(200, value);
        } else {
            call.ok(200, "doc", value);
        }
    }

    private void set(Call call) {
        CacheName store = name(call);
        CacheKey key = key(call);
        Map<String, Object> value = call.jsonObject(Call.JSON_LIMIT, "value");
        cache.set(store, key, value, Ttl.parse(call.query("ttl").orElse(null)));
        call.ok(200);
    }

    private void query(Call call) {
        String pattern = call.query("pattern").orElse("*");
        List<Map<String, Object>> docs = cache.query(name(call), pattern).stream()
                .map(e -> {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("key", e.key());
                    doc.put("value", e.value());
                    return doc;
                })
                .toList();
        call.ok(200, "docs", docs);
    }

    private static Optional<Duration> ttl(Object ttl) {
        return switch (ttl) {
            case null -> Optional.empty();
            case String text -> Ttl.parse(text);
            case Number millis -> Optional.of(Ttl.ofMillis(millis.doubleValue())); // BigInteger too, unclipped
            default -> throw HyperException.of(HyperException.Fact.TTL_INVALID);
        };
    }

    private static CacheName name(Call call) {
        return CacheName.of(call.param("name"));
    }

    private static CacheKey key(Call call) {
        return CacheKey.of(call.param("key"));
    }
}
