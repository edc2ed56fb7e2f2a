package hyper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.DatabaseName;
import hyper.core.data.IndexSpec;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine keeps the query time limit: a runaway regular expression is stopped, the collection
 * released, and closing does not wait for it; the regular expressions it rewrites to do so match as before.
 */
class QueryBudgetTest {

    private static final DatabaseName DB = DatabaseName.of("budget");
    private static final Map<String, Object> RUNAWAY = Map.of("s", Map.of("$regex", "((a+)+)+!?b"));
    private static final Duration SLACK = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aRunawayRegexIsStoppedAtTheLimitAndTheCollectionReleased() {
        try (MongoData data = MongoData.embedded(dir, Duration.ofMillis(500))) {
            data.createDatabase(DB);
            data.create(DB, Map.of("_id", "victim", "s", "a".repeat(94) + "!"));

            var e = assertTimeoutPreemptively(SLACK,
                    () -> assertThrows(HyperException.class, () -> query(data, RUNAWAY)));
            assertEquals(Fact.TIMED_OUT, e.fact());
            assertEquals(HyperException.Reason.UNAVAILABLE, e.reason());
            assertEquals("500ms", e.detail());

            assertTimeoutPreemptively(SLACK, () -> {
                assertEquals("victim", data.get(DB, "victim").get("_id"));
                data.create(DB, Map.of("_id", "after", "s", "ab"));
                assertEquals(List.of("after"), query(data, Map.of("s", Map.of("$regex", "^a+b$"))));
            });
        }
    }

    @Test
    void aSortReadFromAnIndexKeepsTheLimit() {
        try (MongoData data = MongoData.embedded(dir, Duration.ofMillis(1))) {
            data.createDatabase(DB);
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                docs.add(Map.of("_id", "d" + i, "n", i));
            }
            data.bulk(DB, docs);
            data.index(DB, new IndexSpec("idx-n", List.of(new SortField("n", true)), Optional.empty()));
            // no document matches: the walk reads the whole index, with no regular expression to check the time
            Query walk = new Query(Map.of("x", 1), Optional.empty(), List.of(new SortField("n", true)), 25, 0);

            var e = assertTimeoutPreemptively(SLACK,
                    () -> assertThrows(HyperException.class, () -> data.query(DB, walk)));
            assertEquals(Fact.TIMED_OUT, e.fact());
        }
    }

    @Test
    void closingStopsARunningQuery() {
        MongoData data = MongoData.embedded(dir, Duration.ofHours(1));
        data.createDatabase(DB);
        data.create(DB, Map.of("_id", "victim", "s", "a".repeat(94) + "!"));
        CompletableFuture<List<String>> running = CompletableFuture.supplyAsync(() -> query(data, RUNAWAY));
        awaitMatching(true);

        assertTimeoutPreemptively(SLACK, data::close);
        var failure = assertThrows(CompletionException.class, () -> assertTimeoutPreemptively(SLACK, running::join));
        assertInstanceOf(HyperException.class, failure.getCause());
        awaitMatching(false);
    }

    /** Whatever the rewrite does to a filter, the stock engine answers it the same. */
    @Test
    void regularExpressionsMatchAsInTheStockEngine() {
        MongoServer stock = new MongoServer(H2Backend.inMemory());
        stock.bind(new InetSocketAddress("127.0.0.1", 0));
        try (MongoData budgeted = MongoData.embedded(dir);
                MongoData plain = MongoData.external("mongodb://127.0.0.1:" + stock.getLocalAddress().getPort())) {
            for (MongoData data : List.of(budgeted, plain)) {
                data.createDatabase(DB);
                data.create(DB, Map.of("_id", "a1", "s", "apple", "tags", List.of("red", "green"), "n", 12,
                        "nested", Map.of("t", "Apple pie"), "items", List.of(Map.of("k", "kiwi"))));
                data.create(DB, Map.of("_id", "b2", "s", "banana", "tags", List.of("yellow"), "n", 3,
                        "nested", Map.of("t", "split")));
                data.create(DB, Map.of("_id", "c3", "s", "Cherry", "tags", List.of(), "n", 120));
            }
            List<Map<String, Object>> selectors = List.of(
                    Map.of("s", Map.of("$regex", "an")),
                    Map.of("s", Map.of("$regex", "^c", "$options", "i")),
                    Map.of("s", Map.of("$regex", "^C.*Y$", "$options", "im")),
                    Map.of("s", Map.of("$regex", "p{2}")),
                    Map.of("s", Map.of("$regex", "")),
                    Map.of("tags", Map.of("$regex", "^gr")),
                    Map.of("tags", Map.of("$regex", "red.*green")),
                    Map.of("n", Map.of("$regex", "^12")),
                    Map.of("nested.t", Map.of("$regex", "pie$")),
                    Map.of("items.k", Map.of("$regex", "^ki")),
                    Map.of("_id", Map.of("$regex", "^b")),
                    Map.of("_id", Map.of("$regex", "2|3")),
                    Map.of("s", Map.of("$not", Map.of("$regex", "an"))),
                    Map.of("tags", Map.of("$not", Map.of("$regex", "^r"))),
                    Map.of("tags", Map.of("$elemMatch", Map.of("$regex", "^y"))),
                    Map.of("items", Map.of("$elemMatch", Map.of("k", Map.of("$regex", "w")))),
                    Map.of("tags", Map.of("$all", List.of(Map.of("$regex", "^r"), Map.of("$regex", "^g")))),
                    Map.of("$or", List.of(Map.of("s", Map.of("$regex", "^b")),
                            Map.of("nested.t", Map.of("$regex", "^A")))),
                    Map.of("$and", List.of(Map.of("s", Map.of("$regex", "a")), Map.of("n", Map.of("$lt", 10)))),
                    Map.of("$nor", List.of(Map.of("s", Map.of("$regex", "a")))),
                    Map.of("s", Map.of("$in", List.of("apple", "Cherry"))),
                    Map.of("nested", Map.of("t", "split")));
            for (Map<String, Object> selector : selectors) {
                assertEquals(query(plain, selector), query(budgeted, selector), selector::toString);
            }
        } finally {
            stock.shutdownNow();
        }
    }

    @Test
    void patternsAreRefusedAsMongoDbRefusesThem() {
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(DB);
            data.create(DB, Map.of("_id", "x", "s", "c".repeat(20_000)));
            String longest = "c".repeat(QueryBudget.MAX_PATTERN); // the worst case of java.util.regex's compiler
            assertEquals(List.of("x"), query(data, Map.of("s", Map.of("$regex", longest))));

            assertRefused(data, Map.of("$regex", longest + "c"),
                    "Regular expression is invalid: pattern string is too long");
            assertRefused(data, Map.of("$regex", "("), "Regular expression is invalid: Unclosed group");
            assertRefused(data, Map.of("$regex", "*a"), "Regular expression is invalid: Dangling meta character '*'");
            assertRefused(data, Map.of("$regex", "a", "$options", "z"), "invalid flag in regex options: z");
            assertRefused(data, Map.of("$regex", 5), "$regex has to be a string");
            assertRefused(data, Map.of("$regex", "a", "$options", 1), "$options has to be a string");
        }
    }

    /** The empty group that keeps java.util.regex from its quadratic table never changes what matches. */
    @Test
    void theCompiledPatternMatchesAsTheOriginal() {
        List<String> texts = List.of("", "a", "ab", "aab!", "a b", "A#b", "aa\nb", "{2}", "*a", "x\\Qy");
        for (String options : List.of("", "i", "x", "mx", "s")) {
            for (String pattern : List.of("ab", "a|b", "|a", "^a", "$", "(a)\\1", "\\1a", "\\Qab\\E", "\\Q\\E?a",
                    "\\Q\\E", "a{2}", "{2}a", "*a", "+a", "?a", "(?i)*a", "(?x) *a", " *a", "#c\n*a", "a #c", "(?i)AB",
                    "[ab]+", ".*", "(?=a)", ")a", "}a", "a\\", "c".repeat(300))) {
                assertEquals(outcome(pattern, options, texts),
                        outcome(QueryBudget.compilable(pattern, options), options, texts),
                        () -> "/" + pattern + "/" + options);
            }
        }
    }

    private static String outcome(String pattern, String options, List<String> texts) {
        int flags = (options.contains("i") ? Pattern.CASE_INSENSITIVE : 0)
                | (options.contains("m") ? Pattern.MULTILINE : 0)
                | (options.contains("x") ? Pattern.COMMENTS : 0)
                | (options.contains("s") ? Pattern.DOTALL : 0);
        try {
            Pattern p = Pattern.compile(pattern, flags);
            List<String> found = new ArrayList<>();
            texts.forEach(t -> {
                var m = p.matcher(t);
                found.add(m.find() ? m.start() + "-" + m.end() : "none");
            });
            return found.toString();
        } catch (PatternSyntaxException e) {
            return "invalid: " + e.getDescription();
        }
    }

    private static void assertRefused(MongoData data, Map<String, Object> condition, String reason) {
        var e = assertThrows(HyperException.class, () -> query(data, Map.of("s", condition)));
        assertEquals(Fact.REFUSED, e.fact(), e::getMessage);
        assertEquals(reason, e.detail());
    }

    private static List<String> query(MongoData data, Map<String, Object> selector) {
        return data.query(DB, new Query(selector, Optional.empty(), List.of(), 100, 0)).stream()
                .map(doc -> (String) doc.get("_id")).sorted().toList();
    }

    /** Waits until a thread of the embedded engine is (or no longer is) inside java.util.regex. */
    private static void awaitMatching(boolean matching) {
        long deadline = System.nanoTime() + SLACK.toNanos();
        while (matchingARegex() != matching) {
            assertTrue(System.nanoTime() < deadline, matching ? "no query started matching" : "a query kept matching");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean matchingARegex() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("mongo-server-worker"))
                .anyMatch(thread -> Arrays.stream(thread.getValue()).limit(8)
                        .anyMatch(frame -> frame.getClassName().startsWith("java.util.regex.")));
    }
}
