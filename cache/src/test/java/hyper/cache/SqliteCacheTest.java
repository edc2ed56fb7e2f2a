package hyper.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import hyper.testing.CachePortContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SQLite adapter: the cache port's contract, then what is particular to one database file. */
class SqliteCacheTest extends CachePortContract {

    @Override
    protected CachePort openPort(Path dir, Clock clock) {
        return new SqliteCache(dir.resolve("cache.db"), clock);
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
        cache.add(MOVIES, key("kept"), Map.of("n", 1), Optional.empty());
        cache.close();
        cache = openPort(dir, clock);
        assertEquals(List.of("movies"), cache.stores());
        assertEquals(Map.of("n", 1), cache.get(MOVIES, key("kept")));
    }

    @Test
    void expiryIsAnInstantThatSurvivesReopen() {
        cache.add(MOVIES, key("brief"), Map.of("n", 1), ttl(Duration.ofSeconds(10)));
        cache.close();
        clock.advance(Duration.ofSeconds(11));
        cache = openPort(dir, clock);
        assertEquals(List.of(), keys(cache.query(MOVIES, "*")), "time kept running while the file was closed");
    }

    @Test
    void allStoresLiveInOneDatabaseFile() throws IOException {
        cache.createStore(CacheName.of("shows"));
        cache.add(CacheName.of("shows"), key("x"), Map.of("n", 1), Optional.empty());
        cache.add(MOVIES, key("x"), Map.of("n", 2), Optional.empty());
        assertTrue(Files.isRegularFile(dir.resolve("cache.db")));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().allMatch(n -> n.startsWith("cache.db")), names::toString);
        }
    }
}
