package hyper.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hyper.core.HyperException;
import hyper.core.cache.CacheEntry;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite adapter against the cache port's contract, with time under the test's control. */
class SqliteCacheTest {

    /** A clock that moves only when told to. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final CacheName MOVIES = CacheName.of("movies");

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();
    SqliteCache cache;

    @BeforeEach
    void open() {
        cache = new SqliteCache(dir.resolve("cache.db"), clock);
        cache.createStore(MOVIES);
    }

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void entryIsGoneOnceItsTtlHasPassed() {
        cache.add(MOVIES, CacheKey.of("ghostbusters"), Map.of("year", 1984), Optional.of(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("year", 1984), cache.get(MOVIES, CacheKey.of("ghostbusters")), "alive at the boundary");
        clock.advance(Duration.ofMillis(1));
        var e = assertThrows(HyperException.class, () -> cache.get(MOVIES, CacheKey.of("ghostbusters")));
        assertEquals(HyperException.Fact.ITEM_EXPIRED, e.fact());
        assertEquals(List.of(), cache.query(MOVIES, "*"));
    }

    @Test
    void expiredEntryIsAbsentForAddAndSet() {
        cache.add(MOVIES, CacheKey.of("a"), Map.of("old", 1), Optional.of(Duration.ofSeconds(1)));
        cache.add(MOVIES, CacheKey.of("b"), Map.of("old", 1), Optional.of(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        cache.add(MOVIES, CacheKey.of("a"), Map.of("new", 1), Optional.empty());
        cache.set(MOVIES, CacheKey.of("b"), Map.of("new", 2), Optional.empty());
        assertEquals(Map.of("new", 1), cache.get(MOVIES, CacheKey.of("a")));
        assertEquals(Map.of("new", 2), cache.get(MOVIES, CacheKey.of("b")), "no merge into a stale value");
    }

    @Test
    void queryKeepsInsertionOrderAcrossUpdates() {
        for (String k : List.of("c", "a", "b")) {
            cache.add(MOVIES, CacheKey.of(k), Map.of("k", k), Optional.empty());
        }
        cache.set(MOVIES, CacheKey.of("c"), Map.of("u", true), Optional.empty());
        assertEquals(List.of("c", "a", "b"), cache.query(MOVIES, "*").stream().map(CacheEntry::key).toList());
    }

    @Test
    void globPatternsAreLiteralExceptStar() {
        assertEquals("movie-*", SqliteCache.glob("movie-*"));
        assertEquals("a[?]b[[]c", SqliteCache.glob("a?b[c"));
        assertEquals("*", SqliteCache.glob(""));
        assertEquals("abc", SqliteCache.glob("ABC"));
    }

    @Test
    void storesPersistAcrossReopen() {
        cache.add(MOVIES, CacheKey.of("kept"), Map.of("n", 1), Optional.empty());
        cache.close();
        cache = new SqliteCache(dir.resolve("cache.db"), clock);
        assertEquals(List.of("movies"), cache.stores());
        assertEquals(Map.of("n", 1), cache.get(MOVIES, CacheKey.of("kept")));
    }
}
