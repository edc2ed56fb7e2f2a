package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.BulkResult;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.DataPort;
import hyper.core.data.DatabaseName;
import hyper.core.data.IndexSpec;
import hyper.core.data.ListOptions;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every adapter of {@link DataPort} does, as its javadoc states it. An adapter's test extends this class
 * and says how to open the adapter; each test gets a fresh port on a fresh directory, closed after the test.
 *
 * <p>Database names are unique per test (a suffix), so an adapter on a shared engine (an external MongoDB)
 * runs the suite as well as one on its own directory.
 */
public abstract class DataPortContract {

    private static final AtomicLong RUNS = new AtomicLong();

    /** The folder the port under test keeps its files in. */
    @TempDir
    protected Path dir;

    /** The port under test, opened before each test and closed after it. */
    protected DataPort port;

    private final String suffix = "-" + RUNS.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);

    /** Opens the adapter under test, keeping its files (if any) in {@code dir}. */
    protected abstract DataPort openPort(Path dir) throws Exception;

    @BeforeEach
    void openPortUnderTest() throws Exception {
        port = openPort(dir);
    }

    @AfterEach
    void closePortUnderTest() {
        if (port != null) {
            port.close();
        }
    }

    // ---- databases -----------------------------------------------------------------------------------

    @Test
    void aDatabaseIsCreatedOnceThenStoreExists() {
        DatabaseName db = name("films");
        port.createDatabase(db);
        assertFact(Fact.STORE_EXISTS, () -> port.createDatabase(db));
        assertEquals(List.of(), port.list(db, all()), "a new database is empty");
    }

    @Test
    void removingADatabaseDropsItsDocumentsAndIndexes() {
        DatabaseName db = created("films");
        port.create(db, doc("_id", "a", "year", 1958));
        port.index(db, new IndexSpec("by-year", List.of(new SortField("year", false)), Optional.empty()));
        port.removeDatabase(db);
        assertFact(Fact.STORE_NOT_FOUND, () -> port.get(db, "a"));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.removeDatabase(db));

        port.createDatabase(db);
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(db, "a"));
        assertEquals(List.of(), port.list(db, all()));
        // the old index went with the database: its name is free for other fields
        port.index(db, new IndexSpec("by-year", List.of(new SortField("title", false)), Optional.empty()));
    }

    @Test
    void removingAMissingDatabaseIsStoreNotFound() {
        assertFact(Fact.STORE_NOT_FOUND, () -> port.removeDatabase(name("never")));
    }

    @Test
    void everyOperationOnAMissingDatabaseIsStoreNotFound() {
        DatabaseName db = name("missing");
        Map<String, Object> a = doc("_id", "a");
        assertFact(Fact.STORE_NOT_FOUND, () -> port.create(db, a));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.get(db, "a"));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.replace(db, "a", a));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.remove(db, "a"));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.list(db, all()));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.query(db, select(Map.of())));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.index(db,
                new IndexSpec("i", List.of(new SortField("x", false)), Optional.empty())));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.bulk(db, List.of(a)));
        port.createDatabase(db); // none of them created it
        assertEquals(List.of(), port.list(db, all()));
    }

    @Test
    void namesAreCaseSensitiveAndFreeForm() {
        DatabaseName lower = created("films");
        DatabaseName upper = created("Films");
        DatabaseName odd = created("Films ünï ~ (1950–1960) " + "x".repeat(150));
        port.create(lower, doc("_id", "a", "in", "lower"));
        port.create(upper, doc("_id", "a", "in", "upper"));
        port.create(odd, doc("_id", "a", "in", "odd"));
        assertEquals("lower", port.get(lower, "a").get("in"));
        assertEquals("upper", port.get(upper, "a").get("in"));
        assertEquals("odd", port.get(odd, "a").get("in"));
        port.removeDatabase(upper);
        assertEquals("lower", port.get(lower, "a").get("in"), "removing one name leaves the other");
    }

    @Test
    void concurrentCreatesOfOneDatabaseLetExactlyOneWin() throws Exception {
        DatabaseName db = name("race");
        assertEquals(1, exactlyOneWins(Fact.STORE_EXISTS, () -> port.createDatabase(db)));
    }

    @Test
    void aCreateRacingWritesToTheSameDatabaseSucceedsOrSaysItExists() throws Exception {
        // Writers that see the database as soon as it is recorded must not make its creation fail.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 30; round++) {
                DatabaseName db = name("racing" + round);
                List<Future<?>> writers = new java.util.ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    String id = "w" + w;
                    writers.add(pool.submit(() -> {
                        for (int attempt = 0; attempt < 200; attempt++) {
                            try {
                                port.create(db, doc("_id", id));
                                return;
                            } catch (HyperException e) {
                                if (e.fact() != Fact.STORE_NOT_FOUND) {
                                    throw e;
                                }
                            }
                        }
                    }));
                }
                try {
                    port.createDatabase(db);
                } catch (HyperException e) {
                    assertEquals(Fact.STORE_EXISTS, e.fact(), "round " + round + ": " + e.getMessage());
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- documents -----------------------------------------------------------------------------------

    @Test
    void aDocumentComesBackExactlyAsStored() {
        DatabaseName db = created("films");
        Map<String, Object> film = doc("_id", "vertigo", "title", "Vertigo", "year", 1958, "rating", 8.3,
                "colour", true, "sequel", null, "tags", List.of("thriller", 1, false),
                "credits", doc("director", "Hitchcock", "cast", List.of(doc("name", "Stewart"), doc("name", "Novak"))));
        assertEquals("vertigo", port.create(db, film));
        assertEquals(film, port.get(db, "vertigo"));
    }

    @Test
    void numbersKeepTheirKind() {
        DatabaseName db = created("types");
        Map<String, Object> doc = doc("_id", "n", "int", 1980, "long", 9_007_199_254_740_993L,
                "big", new BigInteger("123456789012345678901234567890"), "double", 2.5,
                "list", List.of(1, "two", Map.of("three", 3)));
        port.create(db, doc);
        Map<String, Object> back = port.get(db, "n");
        assertInstanceOf(Integer.class, back.get("int"));
        assertInstanceOf(Long.class, back.get("long"));
        assertEquals(9_007_199_254_740_993L, back.get("long"));
        assertInstanceOf(Double.class, back.get("big")); // beyond 64 bits: the nearest double, as JavaScript
        assertEquals(2.5, back.get("double"));
        assertEquals(List.of(1, "two", Map.of("three", 3)), back.get("list"));
    }

    @Test
    void creatingAnExistingIdIsItemExistsAndChangesNothing() {
        DatabaseName db = created("films");
        port.create(db, doc("_id", "a", "v", 1));
        HyperException e = assertFact(Fact.ITEM_EXISTS, () -> port.create(db, doc("_id", "a", "v", 2)));
        assertEquals("a", e.detail());
        assertEquals(doc("_id", "a", "v", 1), port.get(db, "a"));
    }

    @Test
    void concurrentCreatesOfOneIdLetExactlyOneWin() throws Exception {
        DatabaseName db = created("race");
        assertEquals(1, exactlyOneWins(Fact.ITEM_EXISTS, () -> port.create(db, doc("_id", "same"))));
        assertEquals(1, port.list(db, all()).size());
    }

    @Test
    void getOfAMissingIdIsItemNotFound() {
        DatabaseName db = created("films");
        HyperException e = assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(db, "nothing"));
        assertEquals("nothing", e.detail());
    }

    @Test
    void replaceSwapsTheWholeDocument() {
        DatabaseName db = created("films");
        port.create(db, doc("_id", "a", "title", "Vertigo", "year", 1958));
        port.replace(db, "a", doc("_id", "a", "title", "Psycho"));
        assertEquals(doc("_id", "a", "title", "Psycho"), port.get(db, "a"), "fields left out are gone");
        assertEquals(1, port.list(db, all()).size());
    }

    @Test
    void replaceCreatesAMissingDocument() {
        DatabaseName db = created("films");
        port.replace(db, "new", doc("_id", "new", "v", 1));
        assertEquals(doc("_id", "new", "v", 1), port.get(db, "new"));
    }

    @Test
    void removeDeletesThenItemNotFound() {
        DatabaseName db = created("films");
        port.create(db, doc("_id", "a"));
        port.create(db, doc("_id", "b"));
        port.remove(db, "a");
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(db, "a"));
        HyperException e = assertFact(Fact.ITEM_NOT_FOUND, () -> port.remove(db, "a"));
        assertEquals("a", e.detail());
        assertEquals(List.of("b"), ids(port.list(db, all())));
    }

    @Test
    void databasesDoNotShareDocuments() {
        DatabaseName films = created("films");
        DatabaseName books = created("books");
        port.create(films, doc("_id", "a", "kind", "film"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(books, "a"));
        assertEquals(List.of(), port.query(books, select(Map.of())));
        port.create(books, doc("_id", "a", "kind", "book"));
        assertEquals("film", port.get(films, "a").get("kind"));
    }

    // ---- list ----------------------------------------------------------------------------------------

    @Test
    void listIsInIdOrderUpToTheLimit() {
        DatabaseName db = letters();
        assertEquals(List.of("a", "b", "c", "d", "e"), ids(port.list(db, all())), "0 = no limit");
        assertEquals(List.of("a", "b"), ids(port.list(db, new ListOptions(2, Optional.empty(), Optional.empty(),
                Optional.empty(), false))));
        assertEquals(doc("_id", "c", "n", 3), port.list(db, all()).get(2), "whole documents");
    }

    @Test
    void listDescending() {
        DatabaseName db = letters();
        assertEquals(List.of("e", "d", "c", "b", "a"), ids(port.list(db, new ListOptions(0, Optional.empty(),
                Optional.empty(), Optional.empty(), true))));
        assertEquals(List.of("e", "d"), ids(port.list(db, new ListOptions(2, Optional.empty(), Optional.empty(),
                Optional.empty(), true))));
    }

    @Test
    void listStartAndEndKeysAreInclusive() {
        DatabaseName db = letters();
        assertEquals(List.of("b", "c", "d"), ids(port.list(db, new ListOptions(0, Optional.of("b"), Optional.of("d"),
                Optional.empty(), false))));
        assertEquals(List.of("c", "d", "e"), ids(port.list(db, new ListOptions(0, Optional.of("bb"), Optional.empty(),
                Optional.empty(), false))));
        assertEquals(List.of("a", "b"), ids(port.list(db, new ListOptions(0, Optional.empty(), Optional.of("b"),
                Optional.empty(), false))));
    }

    @Test
    void listByKeysSkipsMissingOnes() {
        DatabaseName db = letters();
        assertEquals(List.of("b", "e"), ids(port.list(db, new ListOptions(0, Optional.empty(), Optional.empty(),
                Optional.of(List.of("e", "zz", "b")), false))));
        assertEquals(List.of(), ids(port.list(db, new ListOptions(0, Optional.empty(), Optional.empty(),
                Optional.of(List.of("zz")), false))));
    }

    // ---- query ---------------------------------------------------------------------------------------

    @Test
    void querySelectsWithMongoSelectors() {
        DatabaseName db = films();
        assertEquals(List.of("a", "b", "c", "d", "e"), sorted(port.query(db, select(Map.of()))), "empty matches all");
        assertEquals(List.of("a", "b", "d"), sorted(port.query(db, select(Map.of("type", "film")))));
        assertEquals(List.of("b", "d", "e"), sorted(port.query(db, select(Map.of("year", Map.of("$gte", 1960))))));
        assertEquals(List.of("a", "e"), sorted(port.query(db, select(Map.of("year", Map.of("$in", List.of(1958, 1979)))))));
        assertEquals(List.of("c"), sorted(port.query(db, select(Map.of("$or", List.of(
                Map.of("type", "book"), Map.of("director.name", "Nobody")))))));
        assertEquals(List.of("d"), sorted(port.query(db, select(Map.of("director.name", "Kubrick")))),
                "dotted paths reach into objects");
        assertEquals(List.of(), port.query(db, select(Map.of("type", "opera"))));
    }

    @Test
    void queryProjectsTheListedFields() {
        DatabaseName db = films();
        Query titles = new Query(Map.of("_id", "a"), Optional.of(List.of("title")), List.of(), 10, 0);
        assertEquals(List.of(doc("title", "Vertigo")), port.query(db, titles), "_id only when listed");
        Query withId = new Query(Map.of("_id", "a"), Optional.of(List.of("_id", "title")), List.of(), 10, 0);
        assertEquals(List.of(doc("_id", "a", "title", "Vertigo")), port.query(db, withId));
        Query whole = new Query(Map.of("_id", "a"), Optional.of(List.of()), List.of(), 10, 0);
        assertEquals(port.get(db, "a"), port.query(db, whole).getFirst(), "no fields: whole documents");
    }

    @Test
    void querySortsSkipsAndLimits() {
        DatabaseName db = films();
        Map<String, Object> films = Map.of("type", "film");
        assertEquals(List.of("d", "b", "a"), ids(port.query(db, new Query(films, Optional.empty(),
                List.of(new SortField("year", true)), 10, 0))));
        assertEquals(List.of("b"), ids(port.query(db, new Query(films, Optional.empty(),
                List.of(new SortField("year", true)), 1, 1))));
        assertEquals(List.of("d", "b", "c", "a", "e"), ids(port.query(db, new Query(Map.of(), Optional.empty(),
                List.of(new SortField("rank", false), new SortField("_id", true)), 10, 0))), "ties broken by the second field");
        assertEquals(2, port.query(db, new Query(Map.of(), Optional.empty(), List.of(), 2, 0)).size());
        assertEquals(List.of(), port.query(db, new Query(Map.of(), Optional.empty(), List.of(), 10, 5)));
    }

    @Test
    void aSelectorTheEngineCannotReadIsRefused() {
        DatabaseName db = films();
        assertFact(Fact.REFUSED, () -> port.query(db, select(Map.of("year", Map.of("$noSuchOperator", 1)))));
        assertFact(Fact.REFUSED, () -> port.query(db, select(Map.of("year", Map.of("$in", 1958)))));
        assertEquals(5, port.list(db, all()).size(), "the database still answers");
    }

    // ---- indexes -------------------------------------------------------------------------------------

    @Test
    void anIndexNeverChangesResultsAndCanBeRequestedAgain() {
        DatabaseName db = films();
        Query query = new Query(Map.of("year", Map.of("$gt", 1950)), Optional.empty(),
                List.of(new SortField("year", false)), 10, 0);
        List<Map<String, Object>> before = port.query(db, query);
        IndexSpec byYear = new IndexSpec("by-year", List.of(new SortField("year", false)), Optional.empty());
        port.index(db, byYear);
        port.index(db, byYear); // an identical index is confirmed
        IndexSpec partial = new IndexSpec("by-type", List.of(new SortField("type", false), new SortField("year", true)),
                Optional.of(Map.of("year", Map.of("$gt", 1960))));
        port.index(db, partial);
        port.index(db, partial);
        assertEquals(before, port.query(db, query));
        assertEquals(List.of("d"), sorted(port.query(db, select(Map.of("type", "film", "year", Map.of("$gt", 1960))))));
    }

    @Test
    void anIndexClashIsAConflict() {
        DatabaseName db = films();
        port.index(db, new IndexSpec("by-year", List.of(new SortField("year", false)), Optional.empty()));
        HyperException otherFields = assertThrows(HyperException.class, () -> port.index(db,
                new IndexSpec("by-year", List.of(new SortField("title", false)), Optional.empty())));
        assertEquals(HyperException.Reason.CONFLICT, otherFields.reason(), "same name, other fields");
        assertEquals(Fact.REFUSED, otherFields.fact());
        HyperException otherName = assertThrows(HyperException.class, () -> port.index(db,
                new IndexSpec("year-again", List.of(new SortField("year", false)), Optional.empty())));
        assertEquals(HyperException.Reason.CONFLICT, otherName.reason(), "same fields, other name");
        assertEquals(Fact.REFUSED, otherName.fact());
    }

    // ---- bulk ----------------------------------------------------------------------------------------

    @Test
    void bulkUpsertsAndDeletesWithOneResultPerDocumentInOrder() {
        DatabaseName db = letters();
        List<BulkResult> results = port.bulk(db, List.of(
                doc("_id", "z", "n", 26),
                doc("_id", "a", "n", 100, "_update", true),
                doc("_id", "b", "_deleted", true),
                doc("_id", "c", "_deleted", 1),
                doc("_id", "d", "_deleted", false, "n", 4),
                doc("_id", "e", "_deleted", "", "n", 5)));
        assertEquals(List.of("z", "a", "b", "c", "d", "e"), results.stream().map(BulkResult::id).toList());
        assertTrue(results.stream().allMatch(BulkResult::ok), results::toString);
        assertEquals(List.of("a", "d", "e", "z"), ids(port.list(db, all())), "truthy _deleted deletes, falsy does not");
        assertEquals(doc("_id", "a", "n", 100), port.get(db, "a"), "replaced whole, without _update");
        assertEquals(doc("_id", "z", "n", 26), port.get(db, "z"));
        assertEquals(4, port.get(db, "d").get("n"));
    }

    @Test
    void bulkAppliesItsWritesInOrder() {
        DatabaseName db = created("films");
        port.bulk(db, List.of(doc("_id", "a", "v", 1), doc("_id", "a", "_deleted", true),
                doc("_id", "b", "_deleted", true), doc("_id", "b", "v", 2), doc("_id", "b", "v", 3)));
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(db, "a"));
        assertEquals(doc("_id", "b", "v", 3), port.get(db, "b"));
        assertEquals(List.of(), port.bulk(db, List.of()), "an empty batch writes nothing");
        assertEquals(List.of("b"), ids(port.list(db, all())));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** A database name unique to this test. */
    protected DatabaseName name(String base) {
        return DatabaseName.of(base + suffix);
    }

    /** A new, empty database with a name unique to this test. */
    protected DatabaseName created(String base) {
        DatabaseName db = name(base);
        port.createDatabase(db);
        return db;
    }

    /** A document of alternating keys and values, in that order (values may be null). */
    protected static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    /** Asserts that {@code call} fails with {@code fact}; returns the exception. */
    protected static HyperException assertFact(Fact fact, Executable call) {
        HyperException e = assertThrows(HyperException.class, call);
        assertEquals(fact, e.fact(), e::getMessage);
        return e;
    }

    private static ListOptions all() {
        return new ListOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private static Query select(Map<String, Object> selector) {
        return new Query(selector, Optional.empty(), List.of(), 100, 0);
    }

    private static List<Object> ids(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> d.get("_id")).toList();
    }

    private static List<Object> sorted(List<Map<String, Object>> docs) {
        Object[] ids = ids(docs).toArray();
        Arrays.sort(ids);
        return List.of(ids);
    }

    /** Documents a to e, written out of order, each with {@code n} its position in the alphabet. */
    private DatabaseName letters() {
        DatabaseName db = created("letters");
        for (String id : List.of("c", "a", "e", "b", "d")) {
            port.create(db, doc("_id", id, "n", id.charAt(0) - 'a' + 1));
        }
        return db;
    }

    /** Three films, a book and a film without a type. */
    private DatabaseName films() {
        DatabaseName db = created("films");
        List.of(
                doc("_id", "a", "type", "film", "title", "Vertigo", "year", 1958, "rank", 4,
                        "director", doc("name", "Hitchcock")),
                doc("_id", "b", "type", "film", "title", "Psycho", "year", 1960, "rank", 1,
                        "director", doc("name", "Hitchcock")),
                doc("_id", "c", "type", "book", "title", "Rebecca", "year", 1938, "rank", 2),
                doc("_id", "d", "type", "film", "title", "2001", "year", 1968, "rank", 1,
                        "director", doc("name", "Kubrick")),
                doc("_id", "e", "title", "Alien", "year", 1979, "rank", 5))
                .forEach(d -> port.create(db, d));
        return db;
    }

    /**
     * Runs {@code attempt} on 8 threads at once; returns how many succeeded, asserting that every other one
     * failed with {@code loser}.
     */
    private static int exactlyOneWins(Fact loser, Executable attempt) throws Exception {
        List<Future<Boolean>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        attempt.execute();
                        return true;
                    } catch (HyperException e) {
                        assertEquals(loser, e.fact(), e::getMessage);
                        return false;
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                }));
            }
        }
        int won = 0;
        for (Future<Boolean> f : attempts) {
            won += f.get() ? 1 : 0;
        }
        return won;
    }
}
