package hyper.cache.redis;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import hyper.core.engine.EngineSettings;
import hyper.redis.RedisEndpoint;
import hyper.testing.CachePortContract;
import hyper.testing.Ports;
import hyper.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The Redis adapter on a real {@code redis-server} started for this class: the cache port's contract, then
 * what is particular to a shared engine (prefix, key layout, TTL on the engine, lost and regained engine).
 */
class RedisCacheTest extends CachePortContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Map<Path, String> PREFIX_OF_DIR = new HashMap<>();

    static RedisServer redis;

    /** A client of the test's own, to look at what the adapter left on the engine. */
    RedisClient peek;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void connectPeek() {
        peek = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterEach
    void closePeek() {
        peek.close();
    }

    /** Each case has a prefix of its own on the one Redis, so cases see only their own stores. */
    @Override
    protected CachePort openPort(Path dir, Clock clock) {
        String prefix = PREFIX_OF_DIR.computeIfAbsent(dir, d -> "t" + PREFIXES.incrementAndGet());
        return open(redis.url(), prefix, clock);
    }

    private static CachePort open(String url, String prefix, Clock clock) {
        return open(url, prefix, clock, Duration.ofSeconds(5));
    }

    private static CachePort open(String url, String prefix, Clock clock, Duration timeout) {
        return new RedisCacheProvider().open(new EngineSettings(URI.create(url), Path.of("."), clock, prefix, timeout));
    }

    private String prefix() {
        return PREFIX_OF_DIR.get(dir);
    }

    private List<String> engineKeys(String match) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = peek.scan(cursor, new ScanParams().match(match).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Test
    void globEscapesRedisWildcardsButStar() {
        assertEquals("movie-*", RedisCache.glob("movie-*"));
        assertEquals("a\\?b\\[c\\]d\\\\e", RedisCache.glob("a?b[c]d\\e"));
        assertEquals("*", RedisCache.glob(""));
        assertEquals("abc*", RedisCache.glob("ABC*"));
    }

    @Test
    void patternsWithRedisGlobCharactersMatchLiterally() {
        cache.add(MOVIES, key("abc"), Map.of(), Optional.empty());
        cache.add(MOVIES, key("a-c"), Map.of(), Optional.empty());
        // each of these matches a key above when given to Redis unescaped
        for (String p : List.of("a?c", "a[a-z]c", "a[b]c", "a\\bc", "\\abc", "[a]*")) {
            assertEquals(List.of(), keys(cache.query(MOVIES, p)), p);
        }
        assertEquals(List.of("abc"), keys(cache.query(MOVIES, "*b*")));
    }

    @Test
    void everyEngineKeyIsUnderThePrefix() {
        cache.createStore(CacheName.of("shows"));
        cache.add(MOVIES, key("alien"), Map.of("n", 1), ttl(Duration.ofMinutes(5)));
        cache.set(CacheName.of("shows"), key("lost"), Map.of("n", 2), Optional.empty());
        List<String> all = engineKeys(prefix() + ":*");
        assertTrue(all.size() >= 6, all.toString());
        assertTrue(all.stream().allMatch(k -> k.startsWith(prefix() + ":cache:")), all.toString());
    }

    @Test
    void twoPrefixesShareOneRedisWithoutSeeingEachOther() {
        try (CachePort other = open(redis.url(), prefix() + "-other", clock)) {
            assertEquals(List.of(), other.stores());
            other.createStore(MOVIES);
            other.add(MOVIES, key("a"), Map.of("in", "other"), Optional.empty());
            cache.add(MOVIES, key("a"), Map.of("in", "this"), Optional.empty());
            assertEquals(Map.of("in", "other"), other.get(MOVIES, key("a")));
            assertEquals(Map.of("in", "this"), cache.get(MOVIES, key("a")));
            other.destroyStore(MOVIES);
            assertEquals(Map.of("in", "this"), cache.get(MOVIES, key("a")));
        }
    }

    @Test
    void theTtlIsSetOnTheEngineInMilliseconds() {
        cache.add(MOVIES, key("brief"), Map.of("n", 1), ttl(Duration.ofMillis(90_500)));
        cache.set(MOVIES, key("kept"), Map.of("n", 1), Optional.empty());
        List<String> entries = engineKeys(prefix() + ":cache:*:e:brief");
        assertEquals(1, entries.size(), entries.toString());
        long pttl = peek.pttl(entries.getFirst());
        assertTrue(pttl > 89_000 && pttl <= 90_500, "PTTL " + pttl);
        assertEquals(-1, peek.pttl(engineKeys(prefix() + ":cache:*:e:kept").getFirst()), "no TTL: no expiry");
    }

    @Test
    void destroyingAStoreLeavesNoKeyOfItBehind() {
        cache.createStore(CacheName.of("big"));
        for (int i = 0; i < 1200; i++) {
            cache.add(CacheName.of("big"), key("k" + i), Map.of("i", i), i % 2 == 0 ? Optional.empty()
                    : ttl(Duration.ofHours(1)));
        }
        int before = engineKeys(prefix() + ":*").size();
        assertTrue(before > 1200, "keys: " + before);
        cache.destroyStore(CacheName.of("big"));
        assertEquals(Set.of(prefix() + ":cache:stores", prefix() + ":cache:next"),
                Set.copyOf(engineKeys(prefix() + ":*")), "only the registry of stores and the counter");
        cache.createStore(CacheName.of("big"));
        assertEquals(List.of(), cache.query(CacheName.of("big"), "*"), "a store made again starts empty");
    }

    @Test
    void aStoreWrittenButNeverQueriedDoesNotKeepExpiredKeys() {
        for (int i = 0; i < 50; i++) {
            cache.add(MOVIES, key("old" + i), Map.of(), ttl(Duration.ofSeconds(1)));
        }
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            cache.add(MOVIES, key("new" + i), Map.of(), Optional.empty());
        }
        String order = engineKeys(prefix() + ":cache:*:order").getFirst();
        assertEquals(10, peek.zcard(order), "each write drops up to 16 expired keys from the order");
    }

    @Test
    void destroyingLeftUnfinishedIsFinishedAtTheNextOpen() {
        cache.add(MOVIES, key("a"), Map.of(), Optional.empty());
        String id = engineKeys(prefix() + ":cache:*:order").getFirst().split(":")[2];
        // as if the server had stopped between taking the name out and deleting the keys
        peek.zrem(prefix() + ":cache:stores", "movies");
        peek.sadd(prefix() + ":cache:trash", id);
        cache.close();
        cache = openPort(dir, clock);
        assertEquals(List.of(prefix() + ":cache:next"), engineKeys(prefix() + ":*"));
    }

    @Test
    void destroyingLeftUnfinishedIsFinishedByTheNextDestroy() {
        cache.add(MOVIES, key("a"), Map.of(), ttl(Duration.ofHours(1)));
        String id = engineKeys(prefix() + ":cache:*:order").getFirst().split(":")[2];
        peek.zrem(prefix() + ":cache:stores", "movies");
        peek.sadd(prefix() + ":cache:trash", id);
        cache.createStore(CacheName.of("other"));
        cache.destroyStore(CacheName.of("other"));
        assertEquals(Set.of(prefix() + ":cache:next"), Set.copyOf(engineKeys(prefix() + ":*")));
    }

    @Test
    void twoServersWritingOneEntryAtOnceLoseNoMergeAndAddOnlyOnce() throws Exception {
        try (CachePort other = openPort(dir, clock);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            cache.set(MOVIES, key("shared"), Map.of(), Optional.empty());
            List<Future<?>> writes = new ArrayList<>();
            AtomicInteger added = new AtomicInteger();
            for (int i = 0; i < 80; i++) {
                CachePort port = i % 2 == 0 ? cache : other;
                String field = "f" + i;
                writes.add(pool.submit(() -> port.set(MOVIES, key("shared"), Map.of(field, 1), Optional.empty())));
                writes.add(pool.submit(() -> {
                    try {
                        port.add(MOVIES, key("once"), Map.of("by", field), Optional.empty());
                        added.incrementAndGet();
                    } catch (HyperException e) {
                        assertEquals(Fact.ITEM_EXISTS, e.fact());
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
            assertEquals(80, cache.get(MOVIES, key("shared")).size(), "every field merged");
            assertEquals(1, added.get(), "one add won");
        }
    }

    @Test
    void theEngineLostIsUnavailableUntilItComesBack() {
        cache.add(MOVIES, key("a"), Map.of("n", 1), Optional.empty());
        redis.stop();
        try {
            HyperException lost = assertThrows(HyperException.class, () -> cache.get(MOVIES, key("a")));
            assertEquals(Fact.ENGINE_UNAVAILABLE, lost.fact());
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> cache.createStore(CacheName.of("x")));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> cache.query(MOVIES, "*"));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> cache.stores());
        } finally {
            redis.restart();
        }
        // The engine came back empty (no persistence): the adapter works again on fresh connections.
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.get(MOVIES, key("a")));
        cache.createStore(MOVIES);
        cache.add(MOVIES, key("a"), Map.of("n", 2), Optional.empty());
        assertEquals(Map.of("n", 2), cache.get(MOVIES, key("a")));
    }

    @Test
    void anUnreachableEngineFailsTheOpenWithOneClearMessage() {
        int closed = Ports.free();
        HyperException e = assertThrows(HyperException.class,
                () -> open("redis://user:secret@127.0.0.1:" + closed, "p", clock));
        assertEquals(Fact.ENGINE_UNAVAILABLE, e.fact());
        assertTrue(e.getMessage().startsWith("cannot reach the cache engine at redis://127.0.0.1:" + closed + ": "),
                e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "no password in messages");
    }

    @Test
    void redissSpeaksTlsSoAPlainRedisIsRefusedAtOpen() {
        // a plain Redis waits for the end of a line the TLS greeting never sends: the read times out
        var e = assertThrows(RuntimeException.class,
                () -> open("rediss://127.0.0.1:" + redis.port(), "p", clock, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("cannot reach the cache engine at rediss://127.0.0.1:" + redis.port()),
                e.getMessage());
    }

    @Test
    void wrongCredentialsOrUrlsFailTheOpen() {
        try (RedisServer locked = RedisServer.start("--requirepass", "s3cret")) {
            var noPassword = assertThrows(IllegalArgumentException.class, () -> open(locked.url(), "p", clock));
            assertTrue(noPassword.getMessage().contains("refused"), noPassword.getMessage());
            var wrong = assertThrows(IllegalArgumentException.class,
                    () -> open("redis://:nope@127.0.0.1:" + locked.port(), "p", clock));
            assertTrue(!wrong.getMessage().contains("nope"), wrong.getMessage());
            try (CachePort ok = open("redis://:s3cret@127.0.0.1:" + locked.port() + "/3", "p", clock)) {
                ok.createStore(MOVIES);
                assertEquals(List.of("movies"), ok.stores());
            }
        }
        for (String bad : List.of("redis://127.0.0.1:1/db", "redis:///0", "redis://h:1?timeout=3")) {
            var e = assertThrows(IllegalArgumentException.class, () -> open(bad, "p", clock), bad);
            assertTrue(e.getMessage().startsWith("--cache-url "), e.getMessage());
        }
    }

    @Test
    void urlsAreReadWithTheirParts() {
        var e = RedisCacheProvider.endpoint(urlOnly("rediss://app:p%40ss:w@cache.example:6380/2"));
        assertEquals(new RedisEndpoint("--cache-url", "cache.example", 6380, Optional.of("app"), Optional.of("p@ss:w"),
                2, true, Map.of()), e);
        assertEquals("rediss://cache.example:6380/2", e.redacted());
        assertEquals(new RedisEndpoint("--cache-url", "::1", 6379, Optional.empty(), Optional.of("pw"), 0, false,
                Map.of()), RedisCacheProvider.endpoint(urlOnly("redis://pw@[::1]")));
        assertEquals(Set.of("redis", "rediss"), new RedisCacheProvider().schemes());
        assertInstanceOf(RedisCache.class, cache);
    }

    private static EngineSettings urlOnly(String url) {
        return new EngineSettings(URI.create(url), Path.of("."), Clock.systemUTC(), "p", Duration.ofSeconds(5));
    }
}
