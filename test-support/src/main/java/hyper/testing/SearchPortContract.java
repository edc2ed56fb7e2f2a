package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.BulkResult;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchPort;
import hyper.core.search.SearchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every adapter of {@link SearchPort} does, as its javadoc states it. An adapter's test extends this
 * class and says how to open the adapter; each test gets a fresh port on a fresh directory, closed after the
 * test.
 */
public abstract class SearchPortContract {

    private static final IndexFields TITLES = new IndexFields(List.of("title", "plot"), List.of("title", "year", "type"));

    /** The folder the port under test keeps its files in. */
    @TempDir
    protected Path dir;

    /** The port under test, opened before each test and closed after it. */
    protected SearchPort port;

    /** Opens the adapter under test, keeping its files in {@code dir}; called again on the same folder to reopen. */
    protected abstract SearchPort openPort(Path dir) throws Exception;

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

    // ---- indexes -------------------------------------------------------------------------------------

    @Test
    void indexesAreListedByNameWithTheirDocuments() {
        port.createIndex(IndexName.of("zebra"), TITLES);
        port.createIndex(IndexName.of("apple"), TITLES);
        port.add(IndexName.of("zebra"), "1", Map.of("title", "Ghostbusters"));
        List<StoreInfo> listed = port.listStores();
        assertEquals(List.of("apple", "zebra"), listed.stream().map(StoreInfo::name).toList());
        listed.get(1).count().ifPresent(n -> assertEquals(1, n));
    }

    @Test
    void anIndexTellsItsFields() {
        port.createIndex(IndexName.of("fielded"), TITLES);
        assertEquals(TITLES, port.fields(IndexName.of("fielded")));
        assertThrows(HyperException.class, () -> port.fields(IndexName.of("nope")));
    }

    @Test
    void documentsArePagedInKeyOrder() {
        IndexName movies = IndexName.of("paged");
        port.createIndex(movies, TITLES);
        port.add(movies, "c", Map.of("title", "Chinatown"));
        port.add(movies, "a", Map.of("title", "Alien"));
        port.add(movies, "b", Map.of("title", "Brazil"));
        port.remove(movies, "b");
        port.add(movies, "d", Map.of("title", "Dune"));
        assertEquals(List.of("a", "c"), port.documents(movies, "", 2).stream().map(d -> d.get("_id")).toList());
        assertEquals(Map.of("_id", "d", "title", "Dune"), port.documents(movies, "d", 2).getFirst());
        assertEquals(List.of(), port.documents(movies, "e", 2));
        assertThrows(HyperException.class, () -> port.documents(IndexName.of("nope"), "", 2));
    }

    @Test
    void indexesAreCountedWhenTheEngineCanTell() {
        OptionalLong before = port.storeCount();
        port.createIndex(IndexName.of("counted"), TITLES);
        HyperAssertions.assertCountGrew(before, port.storeCount(), 1);
        port.removeIndex(IndexName.of("counted"));
        HyperAssertions.assertCountGrew(before, port.storeCount(), 0);
    }

    @Test
    void anIndexIsCreatedOnceThenStoreExists() {
        IndexName films = IndexName.of("films");
        port.createIndex(films, TITLES);
        assertFact(Fact.STORE_EXISTS, () -> port.createIndex(films, TITLES));
        assertEquals(List.of(), port.query(films, text("vertigo")), "a new index is empty");
    }

    @Test
    void removingAnIndexDropsItsDocumentsAndAMissingOneIsNoError() {
        IndexName films = films();
        port.removeIndex(films);
        assertFact(Fact.STORE_NOT_FOUND, () -> port.query(films, text("vertigo")));
        port.removeIndex(films);
        port.removeIndex(IndexName.of("never-made"));

        port.createIndex(films, TITLES);
        assertEquals(List.of(), port.query(films, text("vertigo")));
        assertNotFound(() -> port.get(films, "vertigo"));
        port.add(films, "vertigo", Map.of("title", "Vertigo")); // the key is free again
    }

    @Test
    void everyOperationOnAMissingIndexIsStoreNotFoundAndWritesNothing() {
        IndexName missing = IndexName.of("missing");
        Map<String, Object> doc = Map.of("title", "Zombie");
        assertFact(Fact.STORE_NOT_FOUND, () -> port.add(missing, "z", doc));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.update(missing, "z", doc));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.remove(missing, "z"));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.query(missing, text("zombie")));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.load(missing, List.of(Map.of("id", "z", "title", "Zombie"))));
        assertNotFound(() -> port.get(missing, "z"));
        port.createIndex(missing, TITLES);
        assertNotFound(() -> port.get(missing, "z"));
        assertEquals(List.of(), port.query(missing, text("zombie")), "none of them wrote");
    }

    @Test
    void namesAreCaseSensitiveAndIndexesDoNotShareDocuments() {
        IndexName lower = IndexName.of("films");
        IndexName upper = IndexName.of("Films");
        IndexName odd = IndexName.of("Films ünï ~ (1950–1960) " + "x".repeat(200));
        for (IndexName index : List.of(lower, upper, odd)) {
            port.createIndex(index, TITLES);
        }
        port.add(lower, "a", Map.of("title", "lower case"));
        port.add(upper, "a", Map.of("title", "upper case"));
        port.add(odd, "b", Map.of("title", "odd case"));
        assertEquals("lower case", port.get(lower, "a").get("title"));
        assertEquals("upper case", port.get(upper, "a").get("title"));
        assertEquals(List.of("b"), ids(port.query(odd, text("case"))));
        assertNotFound(() -> port.get(odd, "a"));
        port.removeIndex(upper);
        assertEquals(List.of("a"), ids(port.query(lower, text("case"))), "removing one name leaves the other");
    }

    // ---- documents -----------------------------------------------------------------------------------

    @Test
    void anAddedDocumentIsStoredWithItsKey() {
        IndexName films = films();
        Map<String, Object> doc = doc("title", "Rear Window", "year", 1954, "rating", 8.5, "colour", true,
                "cast", List.of("Stewart", "Kelly"), "studio", doc("name", "Paramount", "city", "Hollywood"));
        port.add(films, "rear-window", doc);
        Map<String, Object> expected = doc("_id", "rear-window");
        expected.putAll(doc);
        assertEquals(expected, port.get(films, "rear-window"));
        assertInstanceOf(Integer.class, port.get(films, "rear-window").get("year"), "integers stay integers");
    }

    @Test
    void addingAnExistingKeyIsItemExistsAndChangesNothing() {
        IndexName films = films();
        assertFact(Fact.ITEM_EXISTS, () -> port.add(films, "vertigo", Map.of("title", "Something Else")));
        assertEquals("Vertigo", port.get(films, "vertigo").get("title"));
        assertEquals(List.of(), port.query(films, text("something")));
    }

    @Test
    void concurrentAddsOfOneKeyLetExactlyOneWin() throws Exception {
        IndexName films = films();
        List<Future<Boolean>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                int n = i;
                attempts.add(pool.submit(() -> {
                    try {
                        port.add(films, "same", Map.of("title", "attempt" + n));
                        return true;
                    } catch (HyperException e) {
                        assertEquals(Fact.ITEM_EXISTS, e.fact(), e::getMessage);
                        return false;
                    }
                }));
            }
        }
        int won = 0;
        for (Future<Boolean> attempt : attempts) {
            won += attempt.get() ? 1 : 0;
        }
        assertEquals(1, won);
    }

    @Test
    void getOfAMissingKeyIsItemNotFound() {
        IndexName films = films();
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(films, "nothing"));
    }

    @Test
    void updateReplacesTheWholeDocumentOrInsertsIt() {
        IndexName films = films();
        port.update(films, "vertigo", Map.of("title", "Notorious"));
        assertEquals(Map.of("_id", "vertigo", "title", "Notorious"), port.get(films, "vertigo"), "fields left out are gone");
        assertEquals(List.of(), port.query(films, text("vertigo")), "the old text no longer matches");
        assertEquals(List.of("vertigo"), ids(port.query(films, text("notorious"))));

        port.update(films, "new", Map.of("title", "Spellbound"));
        assertEquals(Map.of("_id", "new", "title", "Spellbound"), port.get(films, "new"));
        assertEquals(List.of("new"), ids(port.query(films, text("spellbound"))));
    }

    @Test
    void removeDeletesThenItemNotFound() {
        IndexName films = films();
        port.remove(films, "psycho");
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(films, "psycho"));
        assertEquals(List.of(), port.query(films, text("psycho")));
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.remove(films, "psycho"));
        assertEquals("Vertigo", port.get(films, "vertigo").get("title"), "the others stay");
    }

    @Test
    void everyWriteIsSearchableWhenItReturns() {
        IndexName films = IndexName.of("films");
        port.createIndex(films, TITLES);
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            port.add(films, key, Map.of("title", word("q", i)));
            assertEquals(List.of(key), ids(port.query(films, text(word("q", i)))), "add " + i);
            port.update(films, key, Map.of("title", word("z", i)));
            assertEquals(List.of(), port.query(films, text(word("q", i))), "update " + i);
            assertEquals(List.of(key), ids(port.query(films, text(word("z", i)))), "update " + i);
            if (i % 2 == 0) {
                port.remove(films, key);
                assertEquals(List.of(), port.query(films, text(word("z", i))), "remove " + i);
            }
        }
        List<Map<String, Object>> loaded = new ArrayList<>();
        for (int i = 10; i < 40; i++) {
            loaded.add(Map.of("id", "k" + i, "title", word("q", i)));
        }
        port.load(films, loaded);
        for (int i = 10; i < 40; i++) {
            assertEquals(List.of("k" + i), ids(port.query(films, text(word("q", i)))), "load " + i);
        }
    }

    @Test
    void aQueryTooLongIsRefusedAlikeWhetherCountedBeforeOrWhileExpandingIt() {
        IndexName index = IndexName.of("long");
        port.createIndex(index, new IndexFields(List.of("title", "plot"), List.of("title")));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            docs.add(Map.of("id", "d" + i, "title", eightLetters(i), "plot", eightLetters(i + 1)));
        }
        port.load(index, docs);
        // 1,100 words times 2 fields: too many clauses before any is expanded
        String tooManyWords = String.join(" ", IntStream.range(0, 1100)
                .mapToObj(SearchPortContract::eightLetters).toList());
        // 100 times 2 are within the limit, but each word is within two typos of dozens of indexed words
        String tooManyVariants = String.join(" ", IntStream.range(0, 100)
                .mapToObj(SearchPortContract::eightLetters).toList());
        for (String query : List.of(tooManyWords, tooManyVariants)) {
            HyperException refused = assertFact(Fact.REFUSED, () -> port.query(index, text(query)));
            assertTrue(refused.detail().startsWith("the query is too long: at most "), refused.detail());
        }
    }

    /** Eight letters, distinct for each {@code i} below 17,576; those of nearby {@code i} two edits apart. */
    private static String eightLetters(int i) {
        return "words" + (char) ('a' + i / 676) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    /**
     * A word of exactly three letters, distinct for each {@code i}: too short for typo tolerance, and no
     * word of the same length begins with another, so a query for one matches that one only.
     */
    private static String word(String letter, int i) {
        return letter + (char) ('a' + i / 26) + (char) ('a' + i % 26);
    }

    @Test
    void writesSurviveClosingAndReopening() throws Exception {
        IndexName films = films();
        port.update(films, "vertigo", Map.of("title", "Notorious"));
        port.remove(films, "psycho");
        port.load(films, List.of(Map.of("id", "marnie", "title", "Marnie")));
        port.createIndex(IndexName.of("gone"), TITLES);
        port.removeIndex(IndexName.of("gone"));
        port.close();
        port = null;
        port = openPort(dir);
        assertEquals("Notorious", port.get(films, "vertigo").get("title"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(films, "psycho"));
        assertEquals(List.of("marnie"), ids(port.query(films, text("marnie"))));
        assertEquals(List.of("rebecca"), ids(port.query(films, text("rebecca"))));
        assertFact(Fact.STORE_EXISTS, () -> port.createIndex(films, TITLES));
        assertFact(Fact.STORE_NOT_FOUND, () -> port.query(IndexName.of("gone"), text("x")));
    }

    // ---- query ---------------------------------------------------------------------------------------

    @Test
    void matchesComeBestFirstInTheOriginalsShape() {
        IndexName films = films();
        port.add(films, "rope", doc("title", "Rope", "plot", "rope rope rope: a murder", "year", 1948,
                "type", "film", "secret", "not stored"));
        List<Map<String, Object>> matches = port.query(films, text("murder"));
        assertEquals(Set.of("rope", "dial-m", "rope-less"), Set.copyOf(ids(matches)));
        Map<String, Object> best = matches.getFirst();
        assertTrue(best.keySet().containsAll(List.of("id", "score", "terms", "queryTerms", "match")), best::toString);
        assertEquals("Rope", matches.stream().filter(m -> m.get("id").equals("rope")).findFirst().orElseThrow().get("title"),
                "stored fields come with each match");
        assertEquals(1948, matches.stream().filter(m -> m.get("id").equals("rope")).findFirst().orElseThrow().get("year"));
        assertFalse(matches.stream().anyMatch(m -> m.containsKey("secret") || m.containsKey("plot")),
                "fields not stored stay out");
        assertEquals(List.of("murder"), best.get("queryTerms"));
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(((Number) matches.get(i - 1).get("score")).doubleValue()
                    >= ((Number) matches.get(i).get("score")).doubleValue(), "best first: " + matches);
        }
        assertEquals(List.of(), port.query(films, text("nonexistentword")));
    }

    @Test
    void aQueryCanBeRestrictedToSomeFields() {
        IndexName films = films();
        assertEquals(Set.of("dial-m", "rope-less"), Set.copyOf(ids(port.query(films, text("murder")))));
        assertEquals(List.of("dial-m"), ids(port.query(films,
                new SearchQuery("murder", Optional.of(List.of("title")), Map.of()))));
        assertEquals(List.of("rope-less"), ids(port.query(films,
                new SearchQuery("murder", Optional.of(List.of("plot")), Map.of()))));
        assertEquals(List.of(), port.query(films, new SearchQuery("murder", Optional.of(List.of("type")), Map.of())),
                "a field that is not indexed matches nothing");
    }

    @Test
    void aFilterIsTypedEqualityOfStoredFields() {
        IndexName films = films();
        assertEquals(Set.of("vertigo", "psycho"), Set.copyOf(ids(port.query(films,
                new SearchQuery("vertigo psycho rebecca", Optional.empty(), Map.of("type", "film"))))));
        assertEquals(List.of("psycho"), ids(port.query(films,
                new SearchQuery("vertigo psycho rebecca", Optional.empty(), Map.of("type", "film", "year", 1960)))));
        assertEquals(List.of(), port.query(films,
                new SearchQuery("vertigo psycho rebecca", Optional.empty(), Map.of("year", "1960"))),
                "the string \"1960\" is not the number 1960");
        assertEquals(List.of(), port.query(films,
                new SearchQuery("vertigo psycho rebecca", Optional.empty(), Map.of("plot", "x"))),
                "a field that is not stored equals nothing");
    }

    // ---- bulk ----------------------------------------------------------------------------------------

    @Test
    void loadKeysEachDocumentByItsIdElseItsId() {
        IndexName films = films();
        List<BulkResult> results = port.load(films, List.of(
                doc("_id", "marnie", "title", "Marnie"),
                doc("id", "birds", "title", "The Birds"),
                doc("id", 39, "title", "The 39 Steps"),
                doc("_id", "topaz", "id", "ignored", "title", "Topaz")));
        assertEquals(List.of(new BulkResult(true, "marnie"), new BulkResult(true, "birds"), new BulkResult(true, "39"),
                new BulkResult(true, "topaz")), results);
        assertEquals("Marnie", port.get(films, "marnie").get("title"));
        assertEquals("The Birds", port.get(films, "birds").get("title"));
        assertEquals("The 39 Steps", port.get(films, "39").get("title"));
        assertEquals("topaz", port.get(films, "topaz").get("_id"));
        assertEquals(List.of("birds"), ids(port.query(films, text("birds"))), "searchable when load returns");
    }

    @Test
    void loadIsAllOrNone() {
        IndexName films = films();
        assertFact(Fact.INVALID, () -> port.load(films, List.of(doc("id", "frenzy", "title", "Frenzy"),
                doc("title", "no key"))));
        HyperException exists = assertFact(Fact.ITEM_EXISTS, () -> port.load(films,
                List.of(doc("id", "frenzy", "title", "Frenzy"), doc("id", "vertigo", "title", "Again"))));
        assertEquals("vertigo", exists.detail());
        HyperException repeated = assertFact(Fact.ITEM_REPEATED, () -> port.load(films,
                List.of(doc("id", "frenzy", "title", "Frenzy"), doc("_id", "frenzy", "title", "Frenzy Again"))));
        assertEquals("frenzy", repeated.detail());
        assertFact(Fact.ITEM_NOT_FOUND, () -> port.get(films, "frenzy"));
        assertEquals(List.of(), port.query(films, text("frenzy")), "no refused batch wrote anything");
        assertEquals("Vertigo", port.get(films, "vertigo").get("title"));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /**
     * Index {@code films} (indexed: title, plot; stored: title, year, type) with five documents: vertigo,
     * psycho and rebecca, and two murders: dial-m (in its title) and rope-less (in its plot).
     */
    protected IndexName films() {
        IndexName films = IndexName.of("films");
        port.createIndex(films, TITLES);
        port.add(films, "vertigo", doc("title", "Vertigo", "plot", "A detective with vertigo", "year", 1958, "type", "film"));
        port.add(films, "psycho", doc("title", "Psycho", "plot", "A motel", "year", 1960, "type", "film"));
        port.add(films, "rebecca", doc("title", "Rebecca", "plot", "A house", "year", "1940", "type", "novel"));
        port.add(films, "dial-m", doc("title", "Dial M for Murder", "plot", "A key", "year", 1954, "type", "film"));
        port.add(films, "rope-less", doc("title", "Strangers", "plot", "A murder swap on a train", "year", 1951,
                "type", "film"));
        return films;
    }

    /** A free-text query over every indexed field, without a filter. */
    protected static SearchQuery text(String query) {
        return new SearchQuery(query, Optional.empty(), Map.of());
    }

    /** A document of alternating keys and values, in that order. */
    protected static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    /** The ids of matches, best first. */
    protected static List<Object> ids(List<Map<String, Object>> matches) {
        return matches.stream().map(m -> m.get("id")).toList();
    }

    /** Asserts that {@code call} fails with {@code fact}; returns the exception. */
    protected static HyperException assertFact(Fact fact, Executable call) {
        HyperException e = assertThrows(HyperException.class, call);
        assertEquals(fact, e.fact(), e::getMessage);
        return e;
    }

    /**
     * Asserts a NOT_FOUND failure without naming the fact: a read of a key in a missing index answers
     * "not found" (the key cannot exist), which the port states as either fact.
     */
    private static void assertNotFound(Executable call) {
        HyperException e = assertThrows(HyperException.class, call);
        assertTrue(e.fact() == Fact.STORE_NOT_FOUND || e.fact() == Fact.ITEM_NOT_FOUND, e::getMessage);
    }
}
