package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search routes over HTTP, on a fixed corpus of 50 titles loaded once. Runs once per engine: the embedded
 * Lucene ({@link SearchRoutesTest}) and OpenSearch given as the search URL ({@link OpenSearchRoutesTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchRoutesContract {

    TestServer server;

    @TempDir
    static Path classDir;

    /** The options of a server under test that keeps its data in {@code dir}. */
    abstract ServerOptions options(Path dir);

    /** The flags that give a server in a child JVM the same engine ({@link #options}'s engine URL). */
    abstract List<String> childFlags();

    /** id, title, type, year, genre (genre is indexed but not stored). */
    private static final String[][] CORPUS = {
        {"1", "The Godfather", "movie", "1972", "crime"},
        {"2", "The Godfather Part II", "movie", "1974", "crime"},
        {"3", "The Dark Knight", "movie", "2008", "action"},
        {"4", "The Dark Knight Rises", "movie", "2012", "action"},
        {"5", "Batman Begins", "movie", "2005", "action"},
        {"6", "Star Wars", "movie", "1977", "scifi"},
        {"7", "Star Wars: The Empire Strikes Back", "movie", "1980", "scifi"},
        {"8", "Star Wars: Return of the Jedi", "movie", "1983", "scifi"},
        {"9", "Star Trek", "movie", "2009", "scifi"},
        {"10", "Star Trek: The Next Generation", "series", "1987", "scifi"},
        {"11", "Stardust", "movie", "2007", "fantasy"},
        {"12", "A Star Is Born", "movie", "2018", "drama"},
        {"13", "Alien", "movie", "1979", "scifi"},
        {"14", "Aliens", "movie", "1986", "scifi"},
        {"15", "Alien: Resurrection", "movie", "1997", "scifi"},
        {"16", "The Terminator", "movie", "1984", "scifi"},
        {"17", "Terminator 2: Judgment Day", "movie", "1991", "scifi"},
        {"18", "Terminator Salvation", "movie", "2009", "scifi"},
        {"19", "Jurassic Park", "movie", "1993", "adventure"},
        {"20", "The Lost World: Jurassic Park", "movie", "1997", "adventure"},
        {"21", "Jaws", "movie", "1975", "thriller"},
        {"22", "Amélie", "movie", "2001", "romance"},
        {"23", "Léon: The Professional", "movie", "1994", "crime"},
        {"24", "The Matrix", "movie", "1999", "scifi"},
        {"25", "The Matrix Reloaded", "movie", "2003", "scifi"},
        {"26", "The Matrix Revolutions", "movie", "2003", "scifi"},
        {"27", "Pulp Fiction", "movie", "1994", "crime"},
        {"28", "Fight Club", "movie", "1999", "drama"},
        {"29", "Forrest Gump", "movie", "1994", "drama"},
        {"30", "Inception", "movie", "2010", "scifi"},
        {"31", "Interstellar", "movie", "2014", "scifi"},
        {"32", "The Prestige", "movie", "2006", "drama"},
        {"33", "Memento", "movie", "2000", "thriller"},
        {"34", "Gladiator", "movie", "2000", "action"},
        {"35", "Titanic", "movie", "1997", "romance"},
        {"36", "Avatar", "movie", "2009", "scifi"},
        {"37", "Dune", "movie", "2021", "scifi"},
        {"38", "Blade Runner", "movie", "1982", "scifi"},
        {"39", "Blade Runner 2049", "movie", "2017", "scifi"},
        {"40", "Back to the Future", "movie", "1985", "scifi"},
        {"41", "Back to the Future Part II", "movie", "1989", "scifi"},
        {"42", "Breaking Bad", "series", "2008", "crime"},
        {"43", "Better Call Saul", "series", "2015", "crime"},
        {"44", "The Wire", "series", "2002", "crime"},
        {"45", "Game of Thrones", "series", "2011", "fantasy"},
        {"46", "Stranger Things", "series", "2016", "scifi"},
        {"47", "The Crown", "series", "2016", "drama"},
        {"48", "Chernobyl", "series", "2019", "drama"},
        {"49", "Twin Peaks", "series", "1990", "mystery"},
        {"50", "The Sopranos", "series", "1999", "crime"},
    };

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeAll
    void startServerAndLoadCorpus() {
        server = TestServer.start(options(classDir.resolve("server")));
        server.put("/search/movies", """
                {"fields":["title","type","genre"],"storeFields":["title","type","year"]}""").assertOk(201);
        StringBuilder bulk = new StringBuilder("[");
        for (String[] m : CORPUS) {
            bulk.append(bulk.length() > 1 ? "," : "").append("""
                    {"id":"%s","title":"%s","type":"%s","year":%s,"genre":"%s"}""".formatted((Object[]) m));
        }
        var loaded = server.post("/search/movies/_bulk", bulk.append("]").toString()).assertOk(201);
        assertEquals(CORPUS.length, loaded.json().path("results").size());
    }

    private JsonNode matches(String index, String body) {
        return server.post("/search/" + index + "/_query", body).assertOk(200).json().path("matches");
    }

    private static List<String> ids(JsonNode matches) {
        List<String> ids = new ArrayList<>();
        matches.forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private List<String> ranked(String query) {
        return ids(matches("movies", "{\"query\":\"" + query + "\"}"));
    }

    // ---- info and indexes ----

    @Test
    void infoDescribesTheService() {
        var info = server.get("/search");
        assertEquals(200, info.status());
        assertEquals("{\"name\":\"hyper63 Search\",\"version\":\"1.0\",\"status\":\"unstable\"}", info.text());
    }

    @Test
    void createIndexTwiceIsAConflict() {
        server.put("/search/twice", "{\"fields\":[\"title\"]}").assertOk(201);
        assertEquals("index already exists", server.put("/search/twice", "{\"fields\":[\"a\"]}").assertError(409).msg());
    }

    @Test
    void createIndexValidatesTheMappings() {
        assertEquals("Invalid Arguments 'mappings': Required.",
                server.put("/search/bad-mappings", "{\"storeFields\":[\"a\"]}").assertError(422).msg());
        assertEquals("Invalid Arguments 'storeFields': Expected array, received null.",
                server.put("/search/bad-mappings", "{\"fields\":[\"a\"],\"storeFields\":null}").assertError(422).msg());
        assertEquals("Invalid Arguments 'fields': Expected array, received string.",
                server.put("/search/bad-mappings", "{\"fields\":\"title\"}").assertError(422).msg());
        assertEquals("Invalid Arguments 'fields': Expected string, received number.",
                server.put("/search/bad-mappings", "{\"fields\":[1]}").assertError(422).msg());
        server.put("/search/bad-mappings", "{\"fields\":").assertError(400);
        // none of these created the index
        server.post("/search/bad-mappings/_query", "{\"query\":\"x\"}").assertError(404);
    }

    @Test
    void aQueryTooLongIs400WhetherCountedBeforeOrWhileExpandingIt() {
        server.put("/search/long", "{\"fields\":[\"title\",\"plot\"],\"storeFields\":[\"title\"]}").assertOk(201);
        StringBuilder bulk = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            bulk.append(i == 0 ? "" : ",").append("{\"id\":\"d").append(i).append("\",\"title\":\"")
                    .append(eightLetters(i)).append("\",\"plot\":\"").append(eightLetters(i + 1)).append("\"}");
        }
        server.post("/search/long/_bulk", bulk.append("]").toString()).assertOk(201);
        // 1,100 words times 2 fields are too many clauses before any is expanded; 100 times 2 are within the
        // limit, but each word is within two typos of dozens of indexed words
        for (int words : new int[] {1100, 100}) {
            String query = IntStream.range(0, words).mapToObj(SearchRoutesContract::eightLetters)
                    .collect(Collectors.joining(" "));
            String msg = server.post("/search/long/_query", "{\"query\":\"" + query + "\"}").assertError(400).msg();
            assertTrue(msg.startsWith("the query is too long: at most "), words + " words: " + msg);
        }
    }

    /** Eight letters, distinct for each {@code i} below 17,576; those of nearby {@code i} two edits apart. */
    private static String eightLetters(int i) {
        return "words" + (char) ('a' + i / 676) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    @Test
    void unsafeIndexNamesAreRejected() {
        server.put("/search/a%2Fb", "{\"fields\":[\"t\"]}").assertError(422);
        server.put("/search/%2E%2E", "{\"fields\":[\"t\"]}").assertError(422);
        server.post("/search/a%5Cb/_query", "{\"query\":\"x\"}").assertError(422);
    }

    @Test
    void namesWithUnusualCharactersAndCaseAreDistinctIndexes() {
        server.put("/search/Caf%C3%A9.v1", "{\"fields\":[\"t\"]}").assertOk(201);
        server.put("/search/caf%C3%A9.v1", "{\"fields\":[\"t\"]}").assertOk(201);
        server.post("/search/Caf%C3%A9.v1", "{\"key\":\"k\",\"doc\":{\"t\":\"upper\"}}").assertOk(201);
        assertEquals(1, matches("Caf%C3%A9.v1", "{\"query\":\"upper\"}").size());
        assertEquals(0, matches("caf%C3%A9.v1", "{\"query\":\"upper\"}").size());
    }

    @Test
    void deleteIndexRemovesItsDocumentsAndIsIdempotent() {
        server.put("/search/doomed", "{\"fields\":[\"t\"]}").assertOk(201);
        server.post("/search/doomed", "{\"key\":\"k\",\"doc\":{\"t\":\"gone soon\"}}").assertOk(201);
        server.delete("/search/doomed").assertOk(200);
        server.delete("/search/doomed").assertOk(200);
        server.delete("/search/never-existed").assertOk(200);
        assertEquals("index not found", server.post("/search/doomed/_query", "{\"query\":\"gone\"}").assertError(404).msg());
        server.get("/search/doomed/k").assertError(404);
        server.put("/search/doomed", "{\"fields\":[\"t\"]}").assertOk(201);
        assertEquals(0, matches("doomed", "{\"query\":\"gone\"}").size());
        server.get("/search/doomed/k").assertError(404);
    }

    // ---- documents ----

    @Test
    void addThenGetReturnsTheStoredDocumentWithItsId() {
        server.post("/search/movies", "{\"key\":\"doc-get\",\"doc\":{\"title\":\"Zardoz\",\"extra\":[1,2]}}").assertOk(201);
        var got = server.get("/search/movies/doc-get");
        assertEquals(200, got.status());
        assertEquals("{\"ok\":true,\"key\":\"doc-get\",\"doc\":{\"_id\":\"doc-get\",\"title\":\"Zardoz\",\"extra\":[1,2]}}",
                got.text());
        assertEquals("not found", server.get("/search/movies/nothing-here").assertError(404).msg());
        assertEquals("not found", server.get("/search/no-such-index/doc-get").assertError(404).msg());
    }

    @Test
    void addOfAnExistingKeyIsAConflictAndKeepsTheFirst() {
        server.post("/search/movies", "{\"key\":\"dup\",\"doc\":{\"title\":\"First\"}}").assertOk(201);
        assertEquals("document conflict",
                server.post("/search/movies", "{\"key\":\"dup\",\"doc\":{\"title\":\"Second\"}}").assertError(409).msg());
        assertEquals("First", server.get("/search/movies/dup").json().path("doc").path("title").asText());
    }

    @Test
    void addValidatesItsArguments() {
        assertEquals("Invalid Arguments 'key': Required.",
                server.post("/search/movies", "{\"doc\":{\"title\":\"x\"}}").assertError(422).msg());
        assertEquals("Invalid Arguments 'key': Expected string, received number.",
                server.post("/search/movies", "{\"key\":7,\"doc\":{\"title\":\"x\"}}").assertError(422).msg());
        assertEquals("Invalid Arguments 'doc': Required.",
                server.post("/search/movies", "{\"key\":\"no-doc\"}").assertError(422).msg());
        assertEquals("Invalid Arguments 'doc': Expected object, received string.",
                server.post("/search/movies", "{\"key\":\"no-doc\",\"doc\":\"text\"}").assertError(422).msg());
        server.post("/search/movies", "{\"key\":\"\",\"doc\":{}}").assertError(422);
        server.get("/search/movies/no-doc").assertError(404);
    }

    @Test
    void addToAMissingIndexIs404AndWritesNothing() {
        assertEquals("index not found",
                server.post("/search/later", "{\"key\":\"zombie\",\"doc\":{\"t\":\"zombie\"}}").assertError(404).msg());
        server.put("/search/later", "{\"fields\":[\"t\"]}").assertOk(201);
        server.get("/search/later/zombie").assertError(404);
        assertEquals(0, matches("later", "{\"query\":\"zombie\"}").size());
    }

    @Test
    void anIdInsideTheDocumentIsTheIdOfItsHits() {
        server.post("/search/movies", "{\"key\":\"by-key\",\"doc\":{\"_id\":\"inner\",\"title\":\"Koyaanisqatsi\"}}")
                .assertOk(201);
        assertEquals(List.of("inner"), ranked("koyaanisqatsi"));
        assertEquals("inner", server.get("/search/movies/by-key").json().path("doc").path("_id").asText());
        server.delete("/search/movies/by-key").assertOk(200);
        assertEquals(List.of(), ranked("koyaanisqatsi"));
    }

    @Test
    void updateReplacesTheTextAndQueriesSeeIt() {
        server.post("/search/movies", "{\"key\":\"upd\",\"doc\":{\"title\":\"Metropolis\",\"type\":\"movie\"}}").assertOk(201);
        assertEquals(List.of("upd"), ranked("metropolis"));
        server.put("/search/movies/upd", "{\"title\":\"Nosferatu\",\"type\":\"movie\"}").assertOk(200);
        assertEquals(List.of(), ranked("metropolis"));
        assertEquals(List.of("upd"), ranked("nosferatu"));
        assertEquals("{\"_id\":\"upd\",\"title\":\"Nosferatu\",\"type\":\"movie\"}",
                server.get("/search/movies/upd").json().path("doc").toString());
    }

    @Test
    void updateOfANewKeyInserts() {
        server.put("/search/movies/upsert", "{\"title\":\"Solaris\"}").assertOk(200);
        assertEquals(List.of("upsert"), ranked("solaris"));
        assertEquals("index not found", server.put("/search/no-such-index/k", "{\"title\":\"x\"}").assertError(404).msg());
        server.put("/search/movies/upsert", "[1]").assertError(422);
    }

    @Test
    void removeHidesTheDocumentFromQueries() {
        server.post("/search/movies", "{\"key\":\"rm\",\"doc\":{\"title\":\"Rashomon\"}}").assertOk(201);
        assertEquals(List.of("rm"), ranked("rashomon"));
        server.delete("/search/movies/rm").assertOk(200);
        assertEquals(List.of(), ranked("rashomon"));
        server.get("/search/movies/rm").assertError(404);
        assertEquals("not found", server.delete("/search/movies/rm").assertError(404).msg());
        assertEquals("index not found", server.delete("/search/no-such-index/rm").assertError(404).msg());
    }

    // ---- bulk ----

    @Test
    void bulkWithoutAnIdWritesNothing() {
        server.put("/search/bulk-missing", "{\"fields\":[\"t\"]}").assertOk(201);
        server.post("/search/bulk-missing/_bulk", "[{\"id\":\"a\",\"t\":\"alpha\"},{\"t\":\"no id\"}]").assertError(422);
        assertEquals(0, matches("bulk-missing", "{\"query\":\"alpha\"}").size());
        server.get("/search/bulk-missing/a").assertError(404);
    }

    @Test
    void bulkWithAConflictWritesNothing() {
        server.put("/search/bulk-conflict", "{\"fields\":[\"t\"]}").assertOk(201);
        server.post("/search/bulk-conflict", "{\"key\":\"b\",\"doc\":{\"t\":\"bravo\"}}").assertOk(201);
        server.post("/search/bulk-conflict/_bulk", "[{\"id\":\"a\",\"t\":\"alpha\"},{\"_id\":\"b\",\"t\":\"beta\"}]")
                .assertError(409);
        server.post("/search/bulk-conflict/_bulk", "[{\"id\":\"c\",\"t\":\"charlie\"},{\"_id\":\"c\",\"t\":\"c2\"}]")
                .assertError(409);
        server.get("/search/bulk-conflict/a").assertError(404);
        server.get("/search/bulk-conflict/c").assertError(404);
        assertEquals("bravo", server.get("/search/bulk-conflict/b").json().path("doc").path("t").asText());
    }

    @Test
    void bulkPrefersUnderscoreIdAndValidatesItsBody() {
        server.put("/search/bulk-ids", "{\"fields\":[\"t\"],\"storeFields\":[\"t\"]}").assertOk(201);
        var loaded = server.post("/search/bulk-ids/_bulk", "[{\"_id\":\"x\",\"id\":\"y\",\"t\":\"xray\"},{\"id\":5,\"t\":\"five\"}]");
        assertEquals("{\"ok\":true,\"results\":[{\"ok\":true,\"id\":\"x\"},{\"ok\":true,\"id\":\"5\"}]}", loaded.text());
        assertEquals("x", server.get("/search/bulk-ids/x").json().path("doc").path("_id").asText());
        server.post("/search/bulk-ids/_bulk", "{\"id\":\"z\"}").assertError(422);
        server.post("/search/bulk-ids/_bulk", "[\"z\"]").assertError(422);
        assertEquals("index not found", server.post("/search/no-such-index/_bulk", "[{\"id\":\"z\"}]").assertError(404).msg());
        server.post("/search/bulk-ids/_bulk", "[]").assertOk(201);
    }

    // ---- queries ----

    @Test
    void aHitCarriesIdScoreMatchedTermsAndStoredFields() {
        JsonNode hits = matches("movies", "{\"query\":\"Jaws\"}");
        assertEquals(1, hits.size());
        JsonNode hit = hits.get(0);
        assertEquals("21", hit.path("id").asText());
        assertTrue(hit.path("score").asDouble() > 0);
        assertEquals("[\"jaws\"]", hit.path("terms").toString());
        assertEquals("[\"jaws\"]", hit.path("queryTerms").toString());
        assertEquals("{\"jaws\":[\"title\"]}", hit.path("match").toString());
        assertEquals("Jaws", hit.path("title").asText());
        assertEquals("movie", hit.path("type").asText());
        assertEquals(1975, hit.path("year").asInt());
        assertFalse(hit.has("genre"), "genre is indexed but not stored");
    }

    @Test
    void resultsAreOrderedByRelevance() {
        assertEquals(List.of("1", "2"), ranked("godfather"));
        assertEquals(List.of("6", "7", "8"), ranked("star wars").subList(0, 3).stream().sorted().toList());
        assertEquals("6", ranked("star wars").getFirst());
        assertEquals(List.of("24", "25", "26"), ranked("matrix").subList(0, 3).stream().sorted().toList());
        assertEquals("24", ranked("matrix").getFirst());
        assertEquals(List.of("4", "3"), ranked("dark knight rises").subList(0, 2));
        assertEquals(List.of("40", "41"), ranked("back future").subList(0, 2));
        assertEquals(List.of("19", "20"), ranked("jurassic park").subList(0, 2));
        var scores = new ArrayList<Double>();
        matches("movies", "{\"query\":\"star\"}").forEach(m -> scores.add(m.path("score").asDouble()));
        assertEquals(scores.stream().sorted((a, b) -> Double.compare(b, a)).toList(), scores);
    }

    @Test
    void matchingIgnoresCaseAndAccents() {
        assertEquals(List.of("22"), ranked("amelie"));
        assertEquals(List.of("22"), ranked("AMÉLIE"));
        assertEquals("23", ranked("leon").getFirst());
        assertEquals("13", ranked("ALIEN").getFirst());
    }

    @Test
    void theLastTermMatchesAsAPrefix() {
        assertEquals(List.of("16", "17", "18"), ranked("termin").stream().sorted().toList());
        assertEquals(List.of("31"), ranked("interst"));
        assertEquals("9", ranked("star tr").getFirst());
        List<String> gladiator = ranked("gla");
        assertEquals(List.of("34"), gladiator);
        JsonNode hit = matches("movies", "{\"query\":\"gla\"}").get(0);
        assertEquals("[\"gladiator\"]", hit.path("terms").toString());
        assertEquals("[\"gla\"]", hit.path("queryTerms").toString());
    }

    @Test
    void smallTyposStillMatch() {
        assertEquals(List.of("1", "2"), ranked("godfahter"));
        assertEquals(List.of("19", "20"), ranked("jurasic park").subList(0, 2));
        assertEquals("29", ranked("forest gump").getFirst());
        assertEquals("21", ranked("jawz").getFirst());
        assertTrue(ranked("zzzzzz").isEmpty());
        assertTrue(ranked("jws").isEmpty(), "three letters allow no typo");
    }

    @Test
    void exactMatchesOutrankTyposAndPrefixes() {
        List<String> alien = ranked("alien");
        assertEquals("13", alien.getFirst());
        assertTrue(alien.contains("14"), "aliens is one letter away");
        List<String> star = ranked("star");
        assertTrue(star.indexOf("11") > star.indexOf("6"), "Stardust ranks below Star Wars for 'star'");
    }

    @Test
    void filtersKeepOnlyEqualStoredValues() {
        assertEquals(List.of("10"), ids(matches("movies", "{\"query\":\"star\",\"filter\":{\"type\":\"series\"}}")));
        assertEquals(List.of("24"), ids(matches("movies", "{\"query\":\"matrix\",\"filter\":{\"year\":1999}}")));
        assertEquals(List.of("24"), ids(matches("movies", "{\"query\":\"matrix\",\"filter\":{\"year\":1999,\"type\":\"movie\"}}")));
        assertEquals(List.of(), ids(matches("movies", "{\"query\":\"matrix\",\"filter\":{\"year\":\"1999\"}}")));
        assertEquals(List.of(), ids(matches("movies", "{\"query\":\"spiderman\",\"filter\":{\"type\":\"movie\"}}")));
        // genre is indexed but not stored: a filter on it removes every hit, as in the original
        assertEquals(List.of(), ids(matches("movies", "{\"query\":\"matrix\",\"filter\":{\"genre\":\"scifi\"}}")));
    }

    @Test
    void fieldsRestrictWhereTermsAreSearched() {
        assertEquals(10, ids(matches("movies", "{\"query\":\"series\"}")).size());
        assertEquals(List.of(), ids(matches("movies", "{\"query\":\"series\",\"fields\":[\"title\"]}")));
        assertEquals(List.of("13"), ids(matches("movies", "{\"query\":\"alien\",\"fields\":[\"title\"],\"filter\":{\"year\":1979}}")));
        assertEquals(List.of(), ids(matches("movies", "{\"query\":\"alien\",\"fields\":[\"nope\"]}")));
    }

    @Test
    void queryValidatesItsArguments() {
        assertEquals("query is required!", server.post("/search/movies/_query", "{\"query\":\"\"}").assertError(422).msg());
        assertEquals("Invalid Arguments 'q': Required.", server.post("/search/movies/_query", "{}").assertError(422).msg());
        server.post("/search/movies/_query", "{\"query\":5}").assertError(422);
        server.post("/search/movies/_query", "{\"query\":\"x\",\"fields\":\"title\"}").assertError(422);
        server.post("/search/movies/_query", "{\"query\":\"x\",\"filter\":[1]}").assertError(422);
        server.post("/search/movies/_query", "{\"query\":").assertError(400);
        assertEquals("index not found", server.post("/search/no-such-index/_query", "{\"query\":\"x\"}").assertError(404).msg());
        assertEquals(List.of(), ranked("  ... "));
    }

    // ---- concurrency and durability ----

    @Test
    void concurrentAddsAreAllAcknowledgedVisibleAndUnique() throws Exception {
        server.put("/search/parallel", "{\"fields\":[\"t\"]}").assertOk(201);
        AtomicInteger created = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    server.post("/search/parallel", "{\"key\":\"k" + n + "\",\"doc\":{\"t\":\"word" + n + " shared\"}}").assertOk(201);
                    if (server.post("/search/parallel", "{\"key\":\"same\",\"doc\":{\"t\":\"once\"}}").status() == 201) {
                        created.incrementAndGet();
                    }
                    assertEquals("k" + n, ids(matches("parallel", "{\"query\":\"word" + n + "\"}")).getFirst());
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(1, created.get());
        assertEquals(41, matches("parallel", "{\"query\":\"shared once\"}").size());
    }

    @Test
    void indexesAndDocumentsSurviveARestart(@TempDir Path own) {
        try (TestServer s = TestServer.start(options(own))) {
            s.put("/search/kept", "{\"fields\":[\"t\"],\"storeFields\":[\"t\"]}").assertOk(201);
            s.post("/search/kept", "{\"key\":\"a\",\"doc\":{\"t\":\"persistent words\"}}").assertOk(201);
            s.post("/search/kept/_bulk", "[{\"id\":\"b\",\"t\":\"bulk words\"}]").assertOk(201);
            s.put("/search/gone", "{\"fields\":[\"t\"]}").assertOk(201);
            s.delete("/search/gone").assertOk(200);
            s.restart();
            assertEquals("persistent words", s.get("/search/kept/a").json().path("doc").path("t").asText());
            assertEquals(2, s.post("/search/kept/_query", "{\"query\":\"words\"}").json().path("matches").size());
            s.put("/search/kept", "{\"fields\":[\"t\"]}").assertError(409);
            s.post("/search/gone/_query", "{\"query\":\"x\"}").assertError(404);
        }
    }

    @Test
    void acknowledgedWritesSurviveKillDashNine(@TempDir Path own) {
        try (TestServer.Child child = TestServer.child(own, childFlags().toArray(String[]::new))) {
            child.send("PUT", "/search/durable", "{\"fields\":[\"t\"]}").assertStatus(201);
            child.send("POST", "/search/durable", "{\"key\":\"one\",\"doc\":{\"t\":\"acknowledged single\"}}").assertStatus(201);
            child.send("POST", "/search/durable/_bulk", "[{\"id\":\"two\",\"t\":\"acknowledged bulk\"}]").assertStatus(201);
            child.send("POST", "/search/durable", "{\"key\":\"three\",\"doc\":{\"t\":\"removed later\"}}").assertStatus(201);
            child.send("DELETE", "/search/durable/three", null).assertStatus(200);
            child.send("PUT", "/search/durable/one", "{\"t\":\"acknowledged updated\"}").assertStatus(200);
            child.kill9(); // no shutdown hook, no close
        }
        try (TestServer s = TestServer.start(options(own))) {
            assertEquals("acknowledged updated", s.get("/search/durable/one").json().path("doc").path("t").asText());
            s.get("/search/durable/two").assertOk(200);
            s.get("/search/durable/three").assertError(404);
            Set<String> found = new HashSet<>(ids(s.post("/search/durable/_query", "{\"query\":\"acknowledged\"}")
                    .json().path("matches")));
            assertEquals(Set.of("one", "two"), found);
        }
    }
}
