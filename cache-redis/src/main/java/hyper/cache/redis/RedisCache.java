package hyper.cache.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheEntry;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * The cache port on one Redis database. Every key it writes starts with {@code <prefix>:cache:}:
 * <ul>
 *   <li>{@code stores}: a sorted set of store names, scored by the store's id (creation order);
 *   <li>{@code next}: the counter that hands out store ids and insertion numbers;
 *   <li>{@code trash}: ids of destroyed stores whose keys are still being deleted;
 *   <li>{@code <id>:e:<key>}: one hash per entry, {@code v} its value as JSON and {@code x} its expiry
 *       (epoch milliseconds of the server's clock), with a Redis TTL ({@code PEXPIRE}) of the same length;
 *   <li>{@code <id>:order}: the store's keys scored by insertion number, so queries keep insertion order;
 *   <li>{@code <id>:expiry}: the keys that have a TTL, scored by expiry, so writes can drop expired keys
 *       from {@code order}.
 * </ul>
 * A store's keys carry its id rather than its name, so destroying a store is one atomic step (its name
 * leaves {@code stores}) and its keys are deleted afterwards, in batches, without blocking Redis; a store
 * created again under the same name starts empty at once. Nothing uses {@code KEYS}.
 *
 * <p>Each write is one Lua script, atomic on the server, so several hyper-nano servers can share the
 * engine. Expiry is decided by the server's clock, as in the embedded adapter; Redis drops the entry at the
 * same moment by itself, so memory is reclaimed without any read.
 */
final class RedisCache implements CachePort {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final int BATCH = 500;
    private static final int MERGE_ATTEMPTS = 20;
    /** Errors of a Redis that is starting, read-only, out of memory or busy: trying later can succeed. */
    private static final List<String> TRANSIENT = List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN",
            "TRYAGAIN", "OOM", "NOAUTH", "WRONGPASS", "MISCONF", "NOREPLICAS", "CLUSTERDOWN");

    // ---- Lua: ARGV[1] is the key prefix (<prefix>:cache:), ARGV[2] the store name.

    /** Shared functions: the store's key prefix (or nil), whether an entry is live, writing an entry. */
    private static final String PRELUDE = """
            local function store(stores)
              local id = redis.call('ZSCORE', stores, ARGV[2])
              if not id then return nil end
              return ARGV[1] .. id .. ':'
            end
            local function live(entry, now)
              if redis.call('EXISTS', entry) == 0 then return false end
              local x = redis.call('HGET', entry, 'x')
              return (not x) or tonumber(x) >= now
            end
            local function write(s, key, value, ttl, deadline)
              local entry = s .. 'e:' .. key
              redis.call('DEL', entry)
              if ttl == '' then
                redis.call('HSET', entry, 'v', value)
                redis.call('ZREM', s .. 'expiry', key)
              else
                redis.call('HSET', entry, 'v', value, 'x', deadline)
                redis.call('PEXPIRE', entry, ttl)
                redis.call('ZADD', s .. 'expiry', deadline, key)
              end
            end
            -- Drops a few keys whose expiry has passed from the store's order, so it cannot grow without end
            -- in a store that is written but never queried.
            local function sweep(s, now)
              local gone = redis.call('ZRANGEBYSCORE', s .. 'expiry', '-inf', '(' .. now, 'LIMIT', 0, 16)
              for _, key in ipairs(gone) do
                local entry = s .. 'e:' .. key
                if not live(entry, now) then
                  redis.call('DEL', entry)
                  redis.call('ZREM', s .. 'order', key)
                end
                redis.call('ZREM', s .. 'expiry', key)
              end
            end
            """;

    /** KEYS: stores, next. Returns 1, or 0 if the store exists. */
    private static final String CREATE = """
            if redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
            redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), ARGV[2])
            return 1
            """;

    /** KEYS: stores, trash. Returns the id of the store taken out of {@code stores}, or nil. */
    private static final String DESTROY = """
            local id = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if not id then return false end
            redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], id)
            return id
            """;

    /** KEYS: stores. ARGV: 3 key. Returns -1 (no store) or {value, expiry}, '' for what is missing. */
    private static final String GET = PRELUDE + """
            local s = store(KEYS[1])
            if not s then return -1 end
            local got = redis.call('HMGET', s .. 'e:' .. ARGV[3], 'v', 'x')
            return {got[1] or '', got[2] or ''}
            """;

    /**
     * KEYS: stores, next. ARGV: 3 key, 4 value, 5 ttl in ms or '', 6 expiry, 7 now. Returns -1 (no store),
     * 0 (a live entry has the key) or 1.
     */
    private static final String ADD = PRELUDE + """
            local s = store(KEYS[1])
            if not s then return -1 end
            local now = tonumber(ARGV[7])
            if live(s .. 'e:' .. ARGV[3], now) then return 0 end
            write(s, ARGV[3], ARGV[4], ARGV[5], ARGV[6])
            redis.call('ZADD', s .. 'order', redis.call('INCR', KEYS[2]), ARGV[3])
            sweep(s, now)
            return 1
            """;

    /**
     * KEYS: stores, next. ARGV: 3 key, 4 value, 5 ttl in ms or '', 6 expiry, 7 now, 8 the live value the
     * caller merged into ('' if there was none). Writes only if that is still the entry's value, and returns
     * 1; 0 if it changed meanwhile (merge again), -1 if there is no store. A new entry goes to the end of the
     * insertion order, an updated one keeps its place.
     */
    private static final String SET = PRELUDE + """
            local s = store(KEYS[1])
            if not s then return -1 end
            local now = tonumber(ARGV[7])
            local entry = s .. 'e:' .. ARGV[3]
            local current = ''
            if live(entry, now) then current = redis.call('HGET', entry, 'v') end
            if current ~= ARGV[8] then return 0 end
            write(s, ARGV[3], ARGV[4], ARGV[5], ARGV[6])
            if current == '' or not redis.call('ZSCORE', s .. 'order', ARGV[3]) then
              redis.call('ZADD', s .. 'order', redis.call('INCR', KEYS[2]), ARGV[3])
            end
            sweep(s, now)
            return 1
            """;

    /** KEYS: stores. ARGV: 3 key. Returns -1 (no store) or 1. */
    private static final String REMOVE = PRELUDE + """
            local s = store(KEYS[1])
            if not s then return -1 end
            redis.call('DEL', s .. 'e:' .. ARGV[3])
            redis.call('ZREM', s .. 'order', ARGV[3])
            redis.call('ZREM', s .. 'expiry', ARGV[3])
            return 1
            """;

    /** ARGV: 1 the store's key prefix, 2 now, 3... keys a query found absent or expired: drops them. */
    private static final String FORGET = """
            local now = tonumber(ARGV[2])
            for i = 3, #ARGV do
              local entry = ARGV[1] .. 'e:' .. ARGV[i]
              local x = redis.call('HGET', entry, 'x')
              if redis.call('EXISTS', entry) == 0 or (x and tonumber(x) < now) then
                redis.call('DEL', entry)
                redis.call('ZREM', ARGV[1] .. 'order', ARGV[i])
                redis.call('ZREM', ARGV[1] .. 'expiry', ARGV[i])
              end
            end
            return 1
            """;

    private final RedisClient redis;
    private final Clock clock;
    private final String where;
    private final String base;
    private final String stores;
    private final String next;
    private final String trash;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * A cache on {@code redis}, which the caller has checked (PING) and hands over: {@link #close} closes it.
     * {@code where} names the engine in messages (no credentials); {@code prefix} starts every key.
     */
    RedisCache(RedisClient redis, String where, String prefix, Clock clock) {
        this.redis = redis;
        this.where = where;
        this.clock = clock;
        this.base = (prefix.isEmpty() ? "" : prefix + ":") + "cache:";
        this.stores = base + "stores";
        this.next = base + "next";
        this.trash = base + "trash";
    }

    /** Deletes the keys of destroyed stores, including those a lost engine or a stopped server left behind. */
    void emptyTrash() {
        for (String id : call(() -> redis.smembers(trash))) {
            purge(id);
        }
    }

    @Override
    public void createStore(CacheName store) {
        if (eval(CREATE, List.of(stores, next), store) == 0) {
            throw HyperException.of(Fact.STORE_EXISTS);
        }
    }

    @Override
    public void destroyStore(CacheName store) {
        Object id = call(() -> redis.eval(DESTROY, List.of(stores, trash), List.of(base, store.value())));
        if (id == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        try {
            // this store's keys, and those of any earlier destroy that was cut short
            emptyTrash();
        } catch (HyperException e) {
            // The store is gone already (its name left the registry); its keys stay in the trash for the next
            // destroy or start to delete.
        }
    }

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(call(() -> redis.zcard(stores)));
    }

    @Override
    public List<String> stores() {
        return call(() -> redis.zrange(stores, 0, -1));
    }

    /**
     * Every store by name with its live entries counted cheaply: the keys in its order less those whose
     * expiry has passed (both sorted sets, so no entry is read).
     */
    @Override
    public List<StoreInfo> listStores() {
        long now = clock.millis();
        List<Tuple> all = call(() -> redis.zrangeWithScores(stores, 0, -1));
        List<StoreInfo> infos = new ArrayList<>();
        for (Tuple t : all.stream().sorted(Comparator.comparing(Tuple::getElement)).toList()) {
            String s = base + (long) t.getScore() + ":";
            long live = call(() -> redis.zcard(s + "order") - redis.zcount(s + "expiry", "-inf", "(" + now));
            infos.add(new StoreInfo(t.getElement(), OptionalLong.of(Math.max(0, live))));
        }
        return infos;
    }

    /**
     * A page of live entries in key order from {@code from}. The store's keys are scanned and sorted here
     * (Redis keeps them in insertion order), so a page costs one pass over the store's key list.
     */
    @Override
    public List<CacheItem> entries(CacheName store, String from, int limit) {
        long now = clock.millis();
        Double id = call(() -> redis.zscore(stores, store.value()));
        if (id == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        String s = base + id.longValue() + ":";
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().count(BATCH);
        do {
            String at = cursor;
            ScanResult<Tuple> page = call(() -> redis.zscan(s + "order", at, params));
            page.getResult().stream().map(Tuple::getElement).filter(k -> k.compareTo(from) >= 0).forEach(keys::add);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        List<String> sorted = keys.stream().distinct().sorted().toList();
        List<CacheItem> items = new ArrayList<>();
        for (int at = 0; at < sorted.size() && items.size() < limit; at += limit) {
            List<String> batch = sorted.subList(at, Math.min(sorted.size(), at + limit));
            List<Entry> read = read(s, batch);
            for (int i = 0; i < batch.size() && items.size() < limit; i++) {
                Entry e = read.get(i);
                if (!e.value().isEmpty() && !e.expired(now)) {
                    Optional<Duration> ttl = e.expiry().isEmpty() ? Optional.empty()
                            : Optional.of(Duration.ofMillis(Long.parseLong(e.expiry()) - now));
                    items.add(new CacheItem(batch.get(i), parse(e.value()), ttl));
                }
            }
        }
        return items;
    }

    @Override
    public void add(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl) {
        long now = clock.millis();
        long result = eval(ADD, List.of(stores, next), store, key.value(), write(value), ttlMillis(ttl),
                expiry(now, ttl), Long.toString(now));
        if (result == 0) {
            throw HyperException.of(Fact.ITEM_EXISTS);
        }
    }

    @Override
    public Map<String, Object> get(CacheName store, CacheKey key) {
        Entry entry = read(store, key);
        if (entry.value().isEmpty()) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
        if (entry.expired(clock.millis())) {
            throw HyperException.of(Fact.ITEM_EXPIRED);
        }
        return parse(entry.value());
    }

    @Override
    public void set(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl) {
        // Read, merge here (Lua has no faithful JSON numbers), and write only if the entry is unchanged.
        for (int attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
            long now = clock.millis();
            Entry current = read(store, key);
            String seen = current.value().isEmpty() || current.expired(now) ? "" : current.value();
            Map<String, Object> merged = seen.isEmpty() ? value : parse(seen);
            if (!seen.isEmpty()) {
                merged.putAll(value);
            }
            long result = eval(SET, List.of(stores, next), store, key.value(), write(merged), ttlMillis(ttl),
                    expiry(now, ttl), Long.toString(now), seen);
            if (result == 1) {
                return;
            }
            backOff(attempt);
        }
        throw HyperException.unavailable("cache entry " + key + " kept changing while it was merged", null);
    }

    /**
     * Waits a random while, longer after each lost attempt (up to 64 ms), before a merge tries again: writers
     * of one entry that retried at once would keep colliding, and one of them could lose every attempt.
     */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 << Math.min(attempt + 1, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HyperException.unavailable("interrupted while merging a cache entry", e);
        }
    }

    @Override
    public void remove(CacheName store, CacheKey key) {
        eval(REMOVE, List.of(stores), store, key.value());
    }

    @Override
    public List<CacheEntry> query(CacheName store, String pattern) {
        long now = clock.millis();
        Double id = call(() -> redis.zscore(stores, store.value()));
        if (id == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        String s = base + id.longValue() + ":";
        Map<String, Double> matched = new LinkedHashMap<>();
        ScanParams params = new ScanParams().match(glob(pattern)).count(BATCH);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<Tuple> page = call(() -> redis.zscan(s + "order", at, params));
            page.getResult().forEach(t -> matched.put(t.getElement(), t.getScore()));
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        List<String> keys = new ArrayList<>(matched.keySet());
        keys.sort(Comparator.comparing(matched::get));
        List<CacheEntry> found = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            List<Entry> read = read(s, batch);
            for (int i = 0; i < batch.size(); i++) {
                Entry e = read.get(i);
                if (e.value().isEmpty() || e.expired(now)) {
                    stale.add(batch.get(i));
                } else {
                    found.add(new CacheEntry(batch.get(i), parse(e.value())));
                }
            }
        }
        if (!stale.isEmpty()) {
            List<String> args = new ArrayList<>(List.of(s, Long.toString(now)));
            args.addAll(stale);
            call(() -> redis.eval(FORGET, List.of(), args));
        }
        return found;
    }

    /** The entries of {@code keys} in store {@code s}, in one pipelined round trip; a missing one is empty. */
    private List<Entry> read(String s, List<String> keys) {
        return call(() -> {
            List<Response<List<String>>> replies = new ArrayList<>(keys.size());
            try (AbstractPipeline pipe = redis.pipelined()) {
                for (String k : keys) {
                    replies.add(pipe.hmget(s + "e:" + k, "v", "x"));
                }
                pipe.sync();
            }
            return replies.stream().map(Response::get)
                    .map(fields -> new Entry(orEmpty(fields.get(0)), orEmpty(fields.get(1)))).toList();
        });
    }

    @Override
    public void close() {
        redis.close();
    }

    /**
     * Our pattern language (every {@code *} matches any run, all else literal) as a Redis glob: Redis's own
     * wildcards and escape ({@code ? [ ] \}) are escaped. Keys are lower-case, so the pattern is lower-cased,
     * as in the embedded adapter.
     */
    static String glob(String pattern) {
        String p = pattern == null || pattern.isEmpty() ? "*" : pattern.toLowerCase(Locale.ROOT);
        StringBuilder g = new StringBuilder(p.length() + 8);
        for (char c : p.toCharArray()) {
            if (c == '?' || c == '[' || c == ']' || c == '\\') {
                g.append('\\');
            }
            g.append(c);
        }
        return g.toString();
    }

    /** An entry as read: its JSON and its expiry, {@code ""} for what is not there. */
    private record Entry(String value, String expiry) {
        boolean expired(long now) {
            return !expiry.isEmpty() && Long.parseLong(expiry) < now;
        }
    }

    private Entry read(CacheName store, CacheKey key) {
        Object reply = call(() -> redis.eval(GET, List.of(stores), List.of(base, store.value(), key.value())));
        if (reply instanceof List<?> fields) {
            return new Entry(fields.get(0).toString(), fields.get(1).toString());
        }
        throw HyperException.of(Fact.STORE_NOT_FOUND);
    }

    /** Deletes the keys of a destroyed store, a batch at a time, then forgets the store's id. */
    private void purge(String id) {
        String s = base + id + ":";
        call(() -> {
            List<String> keys;
            while (!(keys = redis.zrange(s + "order", 0, BATCH - 1)).isEmpty()) {
                redis.unlink(keys.stream().map(k -> s + "e:" + k).toArray(String[]::new));
                redis.zrem(s + "order", keys.toArray(String[]::new));
            }
            redis.unlink(s + "order", s + "expiry");
            redis.srem(trash, id);
            return null;
        });
    }

    /** Runs a store script; -1 from it means the store does not exist. */
    private long eval(String script, List<String> keys, CacheName store, String... args) {
        List<String> argv = new ArrayList<>(List.of(base, store.value()));
        argv.addAll(List.of(args));
        long result = (Long) call(() -> redis.eval(script, keys, argv));
        if (result == -1) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return result;
    }

    private static String ttlMillis(Optional<Duration> ttl) {
        // Redis takes whole milliseconds; a TTL below one still lives one millisecond rather than forever.
        return ttl.map(d -> Long.toString(Math.max(1, d.toMillis()))).orElse("");
    }

    private static String expiry(long now, Optional<Duration> ttl) {
        return ttl.map(d -> Long.toString(now + Math.max(1, d.toMillis()))).orElse("");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Runs a Redis call, turning the client's failures into the port's: 503 while the engine is away. */
    private <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisConnectionException e) {
            // The pool's other idle connections are as dead as this one: drop them, so that requests after the
            // engine comes back get fresh connections instead of failing one by one.
            redis.getPool().clear();
            throw HyperException.unavailable("cache engine at " + where + " unreachable: " + e.getMessage(), e);
        } catch (JedisDataException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (TRANSIENT.stream().anyMatch(message::startsWith)) {
                throw HyperException.unavailable("cache engine at " + where + ": " + message, e);
            }
            throw HyperException.failed("cache engine at " + where + ": " + message, e);
        } catch (JedisException e) {
            // e.g. no connection free in the pool within its wait
            throw HyperException.unavailable("cache engine at " + where + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw HyperException.failed("stored value is not JSON", e);
        }
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw HyperException.invalid("value is not JSON: " + e.getOriginalMessage());
        }
    }
}
