package hyper.testing;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheEntry;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache port's contract ({@link CachePort}'s javadoc), run against every adapter: a test class extends
 * this and opens its adapter in {@link #openPort}. Time only moves when a case moves {@link #clock}.
 */
public abstract class CachePortContract {

    protected static final CacheName MOVIES = CacheName.of("movies");
    private static final Optional<Duration> FOREVER = Optional.empty();

    /** The folder the adapter keeps its files in, empty at the start of each case. */
    @TempDir
    protected Path dir;

    protected final TestClock clock = new TestClock();

    /** The adapter under test; a case may replace it (close it first), and the last one is closed. */
    protected CachePort cache;

    /** Opens the adapter on {@code dir} with {@code clock}; opening it again on the same folder reopens it. */
    protected abstract CachePort openPort(Path dir, Clock clock) throws Exception;

    @BeforeEach
    final void openCachePort() throws Exception {
        cache = openPort(dir, clock);
        cache.createStore(MOVIES);
    }

    @AfterEach
    final void closeCachePort() {
        if (cache != null) {
            cache.close();
        }
    }

    // ---- stores

    @Test
    void storesAreListedInCreationOrder() {
        cache.createStore(CacheName.of("zebra"));
        cache.createStore(CacheName.of("apple"));
        assertEquals(List.of("movies", "zebra", "apple"), cache.stores());
    }

    @Test
    void storesAreCountedForMonitoring() {
        cache.createStore(CacheName.of("zebra"));
        assertEquals(OptionalLong.of(2), cache.storeCount());
        cache.destroyStore(CacheName.of("zebra"));
        assertEquals(OptionalLong.of(1), cache.storeCount());
    }

    @Test
    void storesAreListedByNameWithTheirLiveEntries() {
        cache.createStore(CacheName.of("apple"));
        cache.add(MOVIES, key("a"), Map.of("n", 1), FOREVER);
        cache.add(MOVIES, key("b"), Map.of("n", 2), Optional.of(Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of(new StoreInfo("apple", OptionalLong.of(0)), new StoreInfo("movies", OptionalLong.of(1))),
                cache.listStores());
    }

    @Test
    void entriesArePagedInKeyOrderWithTheirRemainingTtl() {
        cache.add(MOVIES, key("c"), Map.of("n", 3), FOREVER);
        cache.add(MOVIES, key("a"), Map.of("n", 1), Optional.of(Duration.ofSeconds(60)));
        cache.add(MOVIES, key("b"), Map.of("n", 2), FOREVER);
        cache.add(MOVIES, key("gone"), Map.of("n", 0), Optional.of(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(new CacheItem("a", Map.of("n", 1), Optional.of(Duration.ofSeconds(50))),
                new CacheItem("b", Map.of("n", 2), Optional.empty())), cache.entries(MOVIES, "", 2));
        assertEquals(List.of(new CacheItem("c", Map.of("n", 3), Optional.empty())), cache.entries(MOVIES, "c", 2),
                "the expired entry is not listed");
        assertEquals(List.of(), cache.entries(MOVIES, "h", 2));
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.entries(CacheName.of("nope"), "", 2));
    }

    @Test
    void creatingAnExistingStoreIsAConflict() {
        cache.add(MOVIES, key("kept"), Map.of("n", 1), FOREVER);
        assertFact(Fact.STORE_EXISTS, () -> cache.createStore(MOVIES));
        assertEquals(Map.of("n", 1), cache.get(MOVIES, key("kept")), "the existing store is untouched");
    }

    @Test
    void destroyingAStoreDeletesItsEntries() {
        cache.add(MOVIES, key("ghostbusters"), Map.of("year", 1984), FOREVER);
        cache.destroyStore(MOVIES);
        assertEquals(List.of(), cache.stores());
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.get(MOVIES, key("ghostbusters")));
        cache.createStore(MOVIES);
        assertFact(Fact.ITEM_NOT_FOUND, () -> cache.get(MOVIES, key("ghostbusters")));
        assertEquals(List.of(), cache.query(MOVIES, "*"));
    }

    @Test
    void destroyingAMissingStoreIsNotFound() {
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.destroyStore(CacheName.of("nope")));
        cache.destroyStore(MOVIES);
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.destroyStore(MOVIES));
    }

    @Test
    void everyEntryOperationOnAMissingStoreIsNotFound() {
        CacheName missing = CacheName.of("nope");
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.add(missing, key("a"), Map.of(), FOREVER));
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.get(missing, key("a")));
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.set(missing, key("a"), Map.of(), FOREVER));
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.remove(missing, key("a")));
        assertFact(Fact.STORE_NOT_FOUND, () -> cache.query(missing, "*"));
        assertEquals(List.of("movies"), cache.stores(), "no operation created the store");
    }

    @Test
    void storesDoNotShareKeys() {
        CacheName other = CacheName.of("other");
        cache.createStore(other);
        cache.add(MOVIES, key("same"), Map.of("in", "movies"), FOREVER);
        cache.add(other, key("same"), Map.of("in", "other"), FOREVER);
        assertEquals(Map.of("in", "movies"), cache.get(MOVIES, key("same")));
        assertEquals(Map.of("in", "other"), cache.get(other, key("same")));
        cache.destroyStore(other);
        assertEquals(Map.of("in", "movies"), cache.get(MOVIES, key("same")));
    }

    // ---- entries

    @Test
    void addedValueReadsBackAsTheSameJson() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("title", "Ghostbusters");
        value.put("year", 1984);
        value.put("rating", 7.8);
        value.put("classic", true);
        value.put("sequel", null);
        value.put("cast", List.of("Murray", "Aykroyd"));
        value.put("studio", Map.of("name", "Columbia", "city", "Culver City"));
        cache.add(MOVIES, key("ghostbusters"), value, FOREVER);
        assertEquals(value, cache.get(MOVIES, key("ghostbusters")));
    }

    @Test
    void addingALiveKeyIsAConflict() {
        cache.add(MOVIES, key("a"), Map.of("v", 1), FOREVER);
        assertFact(Fact.ITEM_EXISTS, () -> cache.add(MOVIES, key("a"), Map.of("v", 2), FOREVER));
        assertEquals(Map.of("v", 1), cache.get(MOVIES, key("a")), "the first value stays");
    }

    @Test
    void gettingAMissingKeyIsNotFound() {
        assertFact(Fact.ITEM_NOT_FOUND, () -> cache.get(MOVIES, key("never-added")));
    }

    @Test
    void setCreatesAMissingEntry() {
        cache.set(MOVIES, key("new"), Map.of("v", 1), FOREVER);
        assertEquals(Map.of("v", 1), cache.get(MOVIES, key("new")));
    }

    @Test
    void setMergesShallowlyIntoALiveEntry() {
        cache.add(MOVIES, key("m"), Map.of("title", "Alien", "year", 1979, "crew", Map.of("director", "Scott")),
                FOREVER);
        cache.set(MOVIES, key("m"), Map.of("year", 1986, "crew", Map.of("writer", "O'Bannon")), FOREVER);
        assertEquals(Map.of("title", "Alien", "year", 1986, "crew", Map.of("writer", "O'Bannon")),
                cache.get(MOVIES, key("m")), "top-level keys merge, a nested object is replaced whole");
    }

    @Test
    void removeDeletesAnEntryAndIgnoresAMissingOne() {
        cache.add(MOVIES, key("a"), Map.of("v", 1), FOREVER);
        cache.remove(MOVIES, key("a"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> cache.get(MOVIES, key("a")));
        cache.remove(MOVIES, key("a"));
        cache.remove(MOVIES, key("never-added"));
        cache.add(MOVIES, key("a"), Map.of("v", 2), FOREVER);
        assertEquals(Map.of("v", 2), cache.get(MOVIES, key("a")), "a removed key can be added again");
    }

    // ---- time to live

    @Test
    void entryIsGoneOnceItsTtlHasPassed() {
        cache.add(MOVIES, key("ghostbusters"), Map.of("year", 1984), ttl(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("year", 1984), cache.get(MOVIES, key("ghostbusters")), "alive at the boundary");
        clock.advance(Duration.ofMillis(1));
        assertFact(Fact.ITEM_EXPIRED, () -> cache.get(MOVIES, key("ghostbusters")));
        assertEquals(List.of(), cache.query(MOVIES, "*"));
    }

    @Test
    void expiredEntryIsAbsentForAddAndSet() {
        cache.add(MOVIES, key("a"), Map.of("old", 1), ttl(Duration.ofSeconds(1)));
        cache.add(MOVIES, key("b"), Map.of("old", 1), ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        cache.add(MOVIES, key("a"), Map.of("new", 1), FOREVER);
        cache.set(MOVIES, key("b"), Map.of("new", 2), FOREVER);
        assertEquals(Map.of("new", 1), cache.get(MOVIES, key("a")));
        assertEquals(Map.of("new", 2), cache.get(MOVIES, key("b")), "no merge into a stale value");
    }

    @Test
    void expiredEntryIsAbsentFromQueriesWhileLiveOnesRemain() {
        cache.add(MOVIES, key("short"), Map.of("v", 1), ttl(Duration.ofMinutes(1)));
        cache.add(MOVIES, key("long"), Map.of("v", 2), ttl(Duration.ofHours(1)));
        cache.add(MOVIES, key("forever"), Map.of("v", 3), FOREVER);
        clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of("long", "forever"), keys(cache.query(MOVIES, "*")));
        clock.advance(Duration.ofDays(365));
        assertEquals(List.of("forever"), keys(cache.query(MOVIES, "*")));
        assertEquals(Map.of("v", 3), cache.get(MOVIES, key("forever")));
    }

    @Test
    void setReplacesTheTtl() {
        cache.add(MOVIES, key("kept"), Map.of("v", 1), ttl(Duration.ofSeconds(10)));
        cache.set(MOVIES, key("kept"), Map.of("w", 2), FOREVER);
        cache.add(MOVIES, key("doomed"), Map.of("v", 1), FOREVER);
        cache.set(MOVIES, key("doomed"), Map.of("w", 2), ttl(Duration.ofSeconds(10)));
        clock.advance(Duration.ofHours(1));
        assertEquals(Map.of("v", 1, "w", 2), cache.get(MOVIES, key("kept")), "set without a TTL: no expiry");
        assertFact(Fact.ITEM_EXPIRED, () -> cache.get(MOVIES, key("doomed")));
    }

    @Test
    void setRestartsTheTtlFromNow() {
        cache.set(MOVIES, key("a"), Map.of("v", 1), ttl(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(8));
        cache.set(MOVIES, key("a"), Map.of("v", 2), ttl(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(8));
        assertEquals(Map.of("v", 2), cache.get(MOVIES, key("a")));
        clock.advance(Duration.ofSeconds(3));
        assertFact(Fact.ITEM_EXPIRED, () -> cache.get(MOVIES, key("a")));
    }

    @Test
    void removingAnExpiredEntryIsNotAnError() {
        cache.add(MOVIES, key("a"), Map.of("v", 1), ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(5));
        cache.remove(MOVIES, key("a"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> cache.get(MOVIES, key("a")));
    }

    // ---- pattern queries

    @Test
    void queryKeepsInsertionOrderAcrossUpdates() {
        for (String k : List.of("c", "a", "b")) {
            cache.add(MOVIES, key(k), Map.of("k", k), FOREVER);
        }
        cache.set(MOVIES, key("c"), Map.of("u", true), FOREVER);
        assertEquals(List.of("c", "a", "b"), keys(cache.query(MOVIES, "*")));
        assertEquals(new CacheEntry("c", Map.of("k", "c", "u", true)), cache.query(MOVIES, "c").getFirst());
    }

    @Test
    void starMatchesAnyRunOfCharacters() {
        for (String k : List.of("movie-1", "movie-2", "show-1", "movie", "amovie-3")) {
            cache.add(MOVIES, key(k), Map.of("k", k), FOREVER);
        }
        assertEquals(List.of("movie-1", "movie-2", "movie"), keys(cache.query(MOVIES, "movie*")));
        assertEquals(List.of("movie-1", "movie-2"), keys(cache.query(MOVIES, "movie-*")));
        assertEquals(List.of("movie-1", "show-1"), keys(cache.query(MOVIES, "*-1")));
        assertEquals(List.of("movie-1", "movie-2", "movie", "amovie-3"), keys(cache.query(MOVIES, "*movie*")));
        assertEquals(List.of("movie-1", "show-1"), keys(cache.query(MOVIES, "*o*-1")));
        assertEquals(List.of("movie"), keys(cache.query(MOVIES, "movie")), "no star: the exact key");
        assertEquals(List.of(), keys(cache.query(MOVIES, "film*")));
    }

    @Test
    void everyCharacterButStarStandsForItself() {
        for (String k : List.of("abc", "a_c", "a-c", "a$c", "a+c", "a/c", "a~c")) {
            cache.add(MOVIES, key(k), Map.of(), FOREVER);
        }
        assertEquals(List.of("a_c"), keys(cache.query(MOVIES, "a_c")), "_ is not a one-character wildcard");
        assertEquals(List.of(), keys(cache.query(MOVIES, "a?c")), "? is not a one-character wildcard");
        assertEquals(List.of(), keys(cache.query(MOVIES, "a.c")), ". is not a one-character wildcard");
        assertEquals(List.of(), keys(cache.query(MOVIES, "a%")), "% is not a wildcard");
        assertEquals(List.of(), keys(cache.query(MOVIES, "a[b-z]c")), "no character classes");
        for (String k : List.of("a-c", "a$c", "a+c", "a/c", "a~c")) {
            assertEquals(List.of(k), keys(cache.query(MOVIES, k)));
        }
    }

    @Test
    void aPatternHoldingANulMatchesNoKey() {
        cache.add(MOVIES, key("abc"), Map.of(), FOREVER);
        assertEquals(List.of(), keys(cache.query(MOVIES, "*\0x")), "a NUL must not cut the pattern short");
        assertEquals(List.of(), keys(cache.query(MOVIES, "\0")));
    }

    protected static CacheKey key(String raw) {
        return CacheKey.of(raw);
    }

    protected static Optional<Duration> ttl(Duration d) {
        return Optional.of(d);
    }

    protected static List<String> keys(List<CacheEntry> entries) {
        assertTrue(entries.stream().allMatch(e -> e.value() != null), "every entry has its value");
        return entries.stream().map(CacheEntry::key).toList();
    }
}
