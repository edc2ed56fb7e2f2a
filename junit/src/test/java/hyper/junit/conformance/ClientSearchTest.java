package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.BulkItem;
import hyper.client.BulkResult;
import hyper.client.Hyper;
import hyper.client.Result;
import hyper.client.SearchMatch;
import hyper.client.SearchOptions;
import hyper.client.SearchResult;
import hyper.junit.HyperNanoTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conformance/search.test.mjs, through the Java client against the real server. */
@HyperNanoTest
class ClientSearchTest {

    static final List<Map<String, Object>> MOVIES = List.of(
            movie("movie-1", "Dune", "movie", 1984),
            movie("movie-2", "Alien", "movie", 1979),
            movie("movie-3", "Avatar", "movie", 2009),
            movie("movie-4", "Star Wars", "movie", 1977),
            movie("movie-5", "Jaws", "movie", 1975),
            movie("movie-6", "Ironman", "movie", 2008),
            movie("movie-7", "Batman", "movie", 1989),
            movie("series-1", "Star Trek", "series", 1966));

    static Map<String, Object> movie(String id, String title, String type, int year) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", title);
        m.put("type", type);
        m.put("year", year);
        return m;
    }

    @BeforeAll
    static void createAndLoad(Hyper hyper) {
        assertEquals(new Result(true, 201, ""), hyper.search().create(List.of("title", "type"), List.of("title", "type", "year")));
        BulkResult loaded = hyper.search().load(MOVIES);
        assertEquals(new BulkResult(true, 201, "", MOVIES.stream().map(m -> new BulkItem(true, (String) m.get("id"), "")).toList()),
                loaded);
    }

    @AfterAll
    static void destroy(Hyper hyper) {
        assertTrue(hyper.search().destroy(true).ok());
        assertEquals(404, hyper.search().query("dune").status());
    }

    private static List<String> ids(SearchResult<?> result) {
        return result.matches().stream().map(SearchMatch::id).toList();
    }

    @Test
    void createTwiceIsA409(Hyper hyper) {
        Result again = hyper.search().create(List.of("title"));
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void addThenGetReturnsTheStoredDocumentWithItsId(Hyper hyper) {
        assertEquals(new Result(true, 201, ""), hyper.search().add("movie-8", Map.of("title", "Red Dawn", "type", "movie", "year", 1984)));
        var got = hyper.search().get("movie-8");
        assertEquals("movie-8", got.key());
        assertEquals(Map.of("_id", "movie-8", "title", "Red Dawn", "type", "movie", "year", 1984), got.doc());
        Result again = hyper.search().add("movie-8", Map.of("title", "Other"));
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void getOfAMissingKeyIsA404(Hyper hyper) {
        var missing = hyper.search().get("nothing-here");
        assertFalse(missing.ok());
        assertEquals(404, missing.status());
    }

    @Test
    void queryReturnsHitsWithIdScoreMatchedTermsAndStoredFields(Hyper hyper) {
        SearchResult<Map<String, Object>> result = hyper.search().query("Jaws");
        assertTrue(result.ok());
        assertEquals(1, result.matches().size());
        SearchMatch<Map<String, Object>> hit = result.matches().getFirst();
        assertEquals("movie-5", hit.id());
        assertTrue(hit.score() > 0);
        assertEquals(List.of("jaws"), hit.terms());
        assertEquals(List.of("jaws"), hit.queryTerms());
        assertEquals(Map.of("jaws", List.of("title")), hit.match());
        assertEquals(Map.of("id", "movie-5", "title", "Jaws", "type", "movie", "year", 1975), hit.doc());
    }

    record Movie(String id, String title, int year) {}

    @Test
    void hitsAsTheCallersClass(Hyper hyper) {
        var hits = hyper.search().query("Jaws", SearchOptions.none(), Movie.class);
        assertEquals(new Movie("movie-5", "Jaws", 1975), hits.matches().getFirst().doc());
    }

    @Test
    void queryWithFieldsAndFilter(Hyper hyper) {
        assertEquals(List.of("movie-6"), ids(hyper.search().query("Ironman",
                SearchOptions.none().withFields("title").withFilter(Map.of("type", "movie")))));
        assertEquals(List.of("series-1"), ids(hyper.search().query("star", SearchOptions.none().withFilter(Map.of("type", "series")))));
        assertEquals(new SearchResult<>(true, 200, "", List.of()),
                hyper.search().query("Spiderman", SearchOptions.none().withFilter(Map.of("type", "movie"))));
    }

    @Test
    void queryMatchesPrefixesTyposAnyCaseAndAccents(Hyper hyper) {
        assertEquals("movie-7", ids(hyper.search().query("bat")).getFirst());
        assertEquals("movie-3", ids(hyper.search().query("avatr")).getFirst());
        assertEquals("movie-2", ids(hyper.search().query("ÁLIEN")).getFirst());
    }

    @Test
    void anEmptyQueryIsA422(Hyper hyper) {
        var empty = hyper.search().query("");
        assertFalse(empty.ok());
        assertEquals(422, empty.status());
    }

    @Test
    void updateReplacesTheDocumentAndQueriesSeeTheNewText(Hyper hyper) {
        hyper.search().add("movie-10", Map.of("title", "Dune", "type", "movie", "year", 2021));
        assertTrue(hyper.search().update("movie-10", Map.of("title", "Dune Part Two", "type", "movie", "year", 2024)).ok());
        assertEquals(2024, hyper.search().get("movie-10").doc().get("year"));
        assertEquals(List.of("movie-10"), ids(hyper.search().query("two", SearchOptions.none().withFields("title"))));
    }

    @Test
    void removeHidesTheDocument(Hyper hyper) {
        hyper.search().add("movie-11", Map.of("title", "Red Heat", "type", "movie", "year", 1988));
        assertTrue(hyper.search().remove("movie-11").ok());
        assertEquals(List.of(), hyper.search().query("red heat").matches());
        Result again = hyper.search().remove("movie-11");
        assertFalse(again.ok());
        assertEquals(404, again.status());
    }

    @Test
    void loadWithAConflictingIdIsA409AndWritesNothing(Hyper hyper) {
        BulkResult result = hyper.search().load(List.of(Map.of("id", "movie-9", "title", "Heat"),
                Map.of("id", "movie-2", "title", "Alien 2")));
        assertFalse(result.ok());
        assertEquals(409, result.status());
        assertEquals(404, hyper.search().get("movie-9").status());
    }
}
