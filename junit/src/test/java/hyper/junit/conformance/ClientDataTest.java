package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.BulkItem;
import hyper.client.BulkResult;
import hyper.client.DocsResult;
import hyper.client.Hyper;
import hyper.client.IdResult;
import hyper.client.ListOptions;
import hyper.client.QueryOptions;
import hyper.client.Result;
import hyper.client.Sort;
import hyper.junit.HyperNanoTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conformance/data.test.mjs, through the Java client against the real server. */
@HyperNanoTest
class ClientDataTest {

    static final List<Map<String, Object>> ALBUMS = List.of(
            album("2001", "Nevermind", "Nirvana", 1991),
            album("2002", "Ten", "Pearl Jam", 1991),
            album("2003", "Back in Black", "AC/DC", 1980),
            album("2004", "The Doors", "The Doors", 1967),
            album("2005", "Abbey Road", "The Beatles", 1969));

    static Map<String, Object> album(String id, String title, String band, int year) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", id);
        doc.put("type", "album");
        doc.put("title", title);
        doc.put("band", band);
        doc.put("year", year);
        return doc;
    }

    @BeforeAll
    static void createAndLoadTheAlbums(Hyper hyper) {
        assertEquals(new Result(true, 201, ""), hyper.data().create());
        BulkResult loaded = hyper.data().bulk(ALBUMS);
        assertTrue(loaded.ok(), loaded.toString());
    }

    @AfterAll
    static void destroy(Hyper hyper) {
        assertTrue(hyper.data().destroy(true).ok());
    }

    @Test
    void createTwiceIsA409(Hyper hyper) {
        Result again = hyper.data().create();
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void addGeneratesACuidAndGetReturnsTheDocumentWithIntegersIntact(Hyper hyper) {
        IdResult added = hyper.data().add(Map.of("type", "movie", "title", "Dune", "year", 1984, "id", "movie-1"));
        assertTrue(added.ok());
        assertTrue(added.id().matches("c[0-9a-z]{24}"), added.id());
        assertEquals(Map.of("_id", added.id(), "type", "movie", "title", "Dune", "year", 1984, "id", "movie-1"),
                hyper.data().get(added.id()).doc());
    }

    @Test
    void addWithAnIdDuplicatesAreA409MissingDocumentsA404(Hyper hyper) {
        assertEquals(new IdResult(true, 201, "", "movie-2"), hyper.data().add(Map.of("_id", "movie-2", "title", "Alien")));
        IdResult dup = hyper.data().add(Map.of("_id", "movie-2", "title", "Aliens"));
        assertFalse(dup.ok());
        assertEquals(409, dup.status());
        var missing = hyper.data().get("nothing-here");
        assertFalse(missing.ok());
        assertEquals(404, missing.status());
    }

    @Test
    void badDocumentsAre4xxNotExceptions(Hyper hyper) {
        assertEquals(400, hyper.data().add(Map.of()).status());
        assertEquals(422, hyper.data().add(Map.of("_id", 5, "a", 1)).status());
    }

    @Test
    void updateReplacesTheWholeDocumentAndUpserts(Hyper hyper) {
        hyper.data().add(Map.of("_id", "movie-3", "title", "Heat", "year", 1995));
        assertEquals(new IdResult(true, 200, "", "movie-3"), hyper.data().update("movie-3", Map.of("title", "Heat (1995)")));
        assertEquals(Map.of("_id", "movie-3", "title", "Heat (1995)"), hyper.data().get("movie-3").doc());
        assertEquals("movie-4", hyper.data().update("movie-4", Map.of("title", "Ran")).id());
        assertEquals("Ran", hyper.data().get("movie-4").doc().get("title"));
    }

    @Test
    void removeDeletesThen404(Hyper hyper) {
        hyper.data().add(Map.of("_id", "gone", "x", 1));
        assertEquals(new IdResult(true, 200, "", "gone"), hyper.data().remove("gone"));
        IdResult again = hyper.data().remove("gone");
        assertFalse(again.ok());
        assertEquals(404, again.status());
    }

    @Test
    void bulkUpsertsAndDeletesOneResultPerDocument(Hyper hyper) {
        hyper.data().add(Map.of("_id", "bulk-3", "n", 0));
        BulkResult result = hyper.data().bulk(List.of(Map.of("_id", "bulk-1", "n", 1), Map.of("_id", "bulk-2", "n", 2),
                Map.of("_id", "bulk-3", "_deleted", true)));
        assertTrue(result.ok());
        assertEquals(List.of("bulk-1", "bulk-2", "bulk-3"), result.results().stream().map(BulkItem::id).toList());
        assertTrue(result.results().stream().allMatch(BulkItem::ok));
        assertEquals(404, hyper.data().get("bulk-3").status());
        assertEquals(2, hyper.data().get("bulk-2").doc().get("n"));
    }

    private static List<Object> ids(DocsResult<Map<String, Object>> result) {
        return result.docs().stream().map(d -> d.get("_id")).toList();
    }

    @Test
    void listWithRangesKeysLimitAndDescending(Hyper hyper) {
        assertEquals(List.of("2002", "2003", "2004"),
                ids(hyper.data().list(ListOptions.all().withStartkey("2002").withEndkey("2004"))));
        assertEquals(List.of("2001", "2005"), ids(hyper.data().list(ListOptions.all().withKeys(List.of("2005", "2001")))));
        assertEquals(List.of("2001", "2002"), ids(hyper.data().list(ListOptions.all().withStartkey("2001").withLimit(2))));
        assertEquals(List.of("2005", "2004", "2003", "2002", "2001"), ids(hyper.data().list(
                ListOptions.all().withDescending(true).withStartkey("2001").withEndkey("2005"))));
        // descending=false is ascending here (Q5)
        assertEquals(List.of("2001", "2002", "2003", "2004", "2005"), ids(hyper.data().list(
                ListOptions.all().withDescending(false).withStartkey("2001").withEndkey("2005"))));
    }

    @Test
    void indexThenQueryWithSelectorSortFieldsAndLimit(Hyper hyper) {
        assertEquals(new Result(true, 201, ""), hyper.data().index("idx-title", List.of("title")));
        assertTrue(hyper.data().index("idx-title", List.of("title")).ok());
        var sorted = hyper.data().query(Map.of("type", "album"),
                QueryOptions.none().withSort(Sort.desc("title")).withUseIndex("idx-title"));
        assertTrue(sorted.ok());
        assertEquals("2004", sorted.docs().getFirst().get("_id"));
        var projected = hyper.data().query(Map.of("type", "album"), QueryOptions.none().withFields("_id", "band"));
        assertEquals(5, projected.docs().size());
        projected.docs().forEach(d -> assertEquals(new TreeSet<>(List.of("_id", "band")), new TreeSet<>(d.keySet())));
        assertEquals(2, hyper.data().query(Map.of("type", "album"), QueryOptions.none().withLimit(2)).docs().size());
        var operators = hyper.data().query(Map.of("year", Map.of("$gte", 1980),
                "band", Map.of("$regex", "^(nirvana|ac)", "$options", "i")), QueryOptions.none().withSort(Sort.by("year")));
        assertEquals(List.of("2003", "2001"), ids(operators));
    }

    record Album(String title, String band, int year) {}

    @Test
    void documentsAsTheCallersClass(Hyper hyper) {
        assertEquals(new Album("Ten", "Pearl Jam", 1991), hyper.data().get("2002", Album.class).doc());
        assertEquals(List.of(new Album("The Doors", "The Doors", 1967)), hyper.data().query(Map.of("year", 1967),
                QueryOptions.none(), Album.class).docs());
        assertEquals(new IdResult(true, 201, "", "typed"), hyper.data().add(Map.of("_id", "typed", "title", "X", "band", "Y",
                "year", 2000)));
        assertTrue(hyper.data().update("typed", new Album("Z", "Y", 2001)).ok());
        assertEquals(new Album("Z", "Y", 2001), hyper.data().get("typed", Album.class).doc());
    }

    @Test
    void aBadSelectorOrSortIsA400(Hyper hyper) {
        var badOp = hyper.data().query(Map.of("year", Map.of("$foo", 1)));
        assertFalse(badOp.ok());
        assertEquals(400, badOp.status());
        var badSort = hyper.data().query(Map.of(), QueryOptions.none().withSort(new Sort("title", java.util.Optional.of("desc"))));
        assertEquals(400, badSort.status());
    }

    @Test
    void idsAreEncodedAsOnePathSegment(Hyper hyper) {
        for (String id : List.of("with space", "a/b", "q?x#y", "100%", "ünï")) {
            assertEquals(id, hyper.data().add(Map.of("_id", id, "n", 1)).id());
            assertEquals(id, hyper.data().get(id).doc().get("_id"), id);
            assertEquals(id, hyper.data().remove(id).id());
        }
    }

    @Test
    void destroyNeedsConfirmation(Hyper hyper) {
        assertThrows(IllegalArgumentException.class, () -> hyper.data().destroy(false));
    }
}
