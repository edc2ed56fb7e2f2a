package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.CacheEntries;
import hyper.client.CacheEntry;
import hyper.client.Hyper;
import hyper.client.Result;
import hyper.junit.HyperNanoTest;
import hyper.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conformance/cache.test.mjs, through the Java client against the real server. */
@HyperNanoTest
class ClientCacheTest {

    private static final Result OK = new Result(true, 201, "");

    @BeforeAll
    static void create(Hyper hyper) {
        assertEquals(OK, hyper.cache().create());
    }

    @AfterAll
    static void destroy(Hyper hyper) {
        assertTrue(hyper.cache().destroy(true).ok());
    }

    @Test
    void createTwiceIsA409(Hyper hyper) {
        Result again = hyper.cache().create();
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void addThenGetReturnsTheValue(Hyper hyper) {
        assertEquals(OK, hyper.cache().add("movie-1", Map.of("title", "Dune", "year", 1984)));
        assertEquals(Map.of("title", "Dune", "year", 1984), hyper.cache().get("movie-1").doc());
    }

    @Test
    void addOfAnExistingKeyIsA409(Hyper hyper) {
        hyper.cache().add("dup", Map.of("n", 1));
        Result again = hyper.cache().add("dup", Map.of("n", 2));
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void getOfAMissingKeyIsA404(Hyper hyper) {
        var missing = hyper.cache().get("nothing-here");
        assertFalse(missing.ok());
        assertEquals(404, missing.status());
    }

    @Test
    void setUpsertsAndShallowMerges(Hyper hyper) {
        assertTrue(hyper.cache().set("merge", Map.of("x", 1, "y", 2)).ok());
        assertTrue(hyper.cache().set("merge", Map.of("x", 3)).ok());
        assertEquals(Map.of("x", 3, "y", 2), hyper.cache().get("merge").doc());
    }

    @Test
    void aTtlExpiresTheValue(Hyper hyper) {
        hyper.cache().add("short", Map.of("n", 1), "300ms");
        assertTrue(hyper.cache().get("short").ok());
        Poll.until(Duration.ofSeconds(5), () -> hyper.cache().get("short").status() == 404, "short expired");
    }

    @Test
    void setWithATtlExpiresToo(Hyper hyper) {
        hyper.cache().set("short-set", Map.of("n", 1), Duration.ofMillis(300));
        Poll.until(Duration.ofSeconds(5), () -> hyper.cache().get("short-set").status() == 404, "short-set expired");
    }

    @Test
    void removeDeletesAndIsFineForAMissingKey(Hyper hyper) {
        hyper.cache().add("gone", Map.of("n", 1));
        assertTrue(hyper.cache().remove("gone").ok());
        assertEquals(404, hyper.cache().get("gone").status());
        assertTrue(hyper.cache().remove("gone").ok());
    }

    @Test
    void queryByPattern(Hyper hyper) {
        for (String k : List.of("q-movie-1", "q-movie-2", "q-movie-3", "q-album-1")) {
            hyper.cache().add(k, Map.of("k", k));
        }
        CacheEntries<Map<String, Object>> movies = hyper.cache().query("q-movie-*");
        assertTrue(movies.ok());
        assertEquals(List.of("q-movie-1", "q-movie-2", "q-movie-3"), movies.docs().stream().map(CacheEntry::key).toList());
        assertEquals(Map.of("k", "q-movie-1"), movies.docs().getFirst().value());
        assertTrue(hyper.cache().query().docs().size() >= 4);
        List<String> ending = hyper.cache().query("*-1").docs().stream().map(CacheEntry::key)
                .filter(k -> k.startsWith("q-")).toList();
        assertEquals(List.of("q-movie-1", "q-album-1"), ending);
    }

    @Test
    void keysWithSlashesAndDollarsAreOneSegment(Hyper hyper) {
        assertTrue(hyper.cache().set("a/b$c+d", Map.of("n", 1)).ok());
        assertEquals(Map.of("n", 1), hyper.cache().get("a/b$c+d").doc());
        assertTrue(hyper.cache().remove("a/b$c+d").ok());
    }

    @Test
    void oneClientServesManyVirtualThreads(Hyper hyper) throws Exception {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Object>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "vt-" + i;
                int n = i;
                answers.add(threads.submit(() -> {
                    hyper.cache().set(key, Map.of("n", n)).orThrow();
                    return hyper.cache().get(key).doc().get("n");
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i, answers.get(i).get());
            }
        }
    }

    record Counter(int k) {}

    @Test
    void valuesAsTheCallersClass(Hyper hyper) {
        hyper.cache().set("typed", new Counter(7));
        assertEquals(new Counter(7), hyper.cache().get("typed", Counter.class).doc());
        assertEquals(List.of(new CacheEntry<>("typed", new Counter(7))), hyper.cache().query("typed", Counter.class).docs());
    }

    @Test
    void anInvalidKeyIsA422NotAnException(Hyper hyper) {
        Result bad = hyper.cache().add("Bad Key", Map.of("n", 1));
        assertFalse(bad.ok());
        assertEquals(422, bad.status());
    }
}
