package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.BulkResult;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.DatabaseName;
import hyper.core.data.IndexSpec;
import hyper.core.data.ListOptions;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link DataPortContract}'s cases on reading many documents and writing in batches: list, query,
 * indexes and bulk.
 */
public abstract class DataPortQueryContract extends DataPortFixture {

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
}
