package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.data.DataPort;
import hyper.core.data.DatabaseName;
import hyper.core.data.IndexSpec;
import hyper.core.data.SortField;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of {@link DataPort} does, as its javadoc states it. An adapter's test extends this class
 * and says how to open the adapter; each test gets a fresh port on a fresh directory, closed after the test.
 *
 * <p>Database names are unique per test (a suffix), so an adapter on a shared engine (an external MongoDB)
 * runs the suite as well as one on its own directory.
 *
 * <p>This class holds the cases on databases and single documents; {@link DataPortQueryContract} those on
 * list, query, indexes and bulk; {@link DataPortFixture} the port, names and helpers they share.
 */
public abstract class DataPortContract extends DataPortQueryContract {

    // ---- databases -----------------------------------------------------------------------------------

    @Test
    void aDatabaseIsCreatedOnceThenStoreExists() {
        DatabaseName db = name("films");
        port.createDatabase(db);
        assertFact(Fact.STORE_EXISTS, () -> port.createDatabase(db));
        assertEquals(List.of(), port.list(db, all()), "a new database is empty");
    }

    @Test
    void databasesAreCountedWhenTheEngineCanTell() {
        OptionalLong before = port.storeCount();
        DatabaseName db = created("counted");
        HyperAssertions.assertCountGrew(before, port.storeCount(), 1);
        port.removeDatabase(db);
        HyperAssertions.assertCountGrew(before, port.storeCount(), 0);
    }

    @Test
    void databasesAreListedByNameWithTheirDocuments() {
        DatabaseName b = created("listed-b");
        DatabaseName a = created("listed-a");
        port.create(b, doc("_id", "1"));
        port.create(b, doc("_id", "2"));
        List<StoreInfo> listed = port.listStores().stream()
                .filter(s -> s.name().equals(a.value()) || s.name().equals(b.value())).toList();
        assertEquals(List.of(a.value(), b.value()), listed.stream().map(StoreInfo::name).toList());
        listed.get(1).count().ifPresent(n -> assertEquals(2, n));
        // other cases' names may hold any character, whose order engines may define by UTF-8 bytes
        List<String> names = port.listStores().stream().map(StoreInfo::name)
                .filter(n -> n.chars().allMatch(c -> c < 0x80)).toList();
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        port.removeDatabase(a);
        assertEquals(List.of(), port.listStores().stream().filter(s -> s.name().equals(a.value())).toList());
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
    void indexesAreListedByNameAsTheyWereMade() {
        DatabaseName db = created("indexed");
        assertEquals(List.of(), port.indexes(db), "not the engine's own _id index");
        IndexSpec byTitle = new IndexSpec("by-title", List.of(new SortField("title", false),
                new SortField("year", true)), Optional.empty());
        IndexSpec byYear = new IndexSpec("a-by-year", List.of(new SortField("year", false)),
                Optional.of(Map.of("year", Map.of("$gt", 1900))));
        port.index(db, byTitle);
        port.index(db, byYear);
        List<IndexSpec> listed = port.indexes(db);
        assertEquals(List.of("a-by-year", "by-title"), listed.stream().map(IndexSpec::name).toList());
        assertEquals(byTitle.fields(), listed.get(1).fields());
        assertEquals(byYear.fields(), listed.get(0).fields());
        assertEquals(1900, ((Number) ((Map<?, ?>) listed.get(0).partialFilter().orElseThrow().get("year"))
                .get("$gt")).intValue());
        assertFact(Fact.STORE_NOT_FOUND, () -> port.indexes(name("missing-indexed")));
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
            for (int round = 0; round < 15; round++) {
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
}
