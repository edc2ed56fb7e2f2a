package hyper.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartialFiltersTest {

    @Test
    void mongoDbsPartialFilterExpressionsAreAccepted() {
        for (Map<String, Object> ok : List.<Map<String, Object>>of(
                Map.of("type", "movie"),
                Map.of("rating", Map.of("$gt", 5)),
                Map.of("rating", Map.of("$gte", 5, "$lt", 9)),
                Map.of("poster", Map.of("$exists", true)),
                Map.of("tag", Map.of("$in", List.of("a", "b"))),
                Map.of("meta", Map.of("kind", "x")),
                Map.of("$and", List.of(Map.of("a", 1), Map.of("b", Map.of("$type", "string")))),
                Map.of("$or", List.of(Map.of("a", 1), Map.of("b", 2))))) {
            assertEquals(Optional.empty(), PartialFilters.problem(ok), ok.toString());
        }
    }

    @Test
    void otherExpressionsAreRefusedWithTheReason() {
        assertTrue(PartialFilters.problem(Map.of("$bogus", 1)).orElseThrow().contains("$bogus"));
        assertTrue(PartialFilters.problem(Map.of("a", Map.of("$regex", "x"))).orElseThrow().contains("$regex"));
        assertTrue(PartialFilters.problem(Map.of("a", Map.of("$exists", false))).isPresent());
        assertTrue(PartialFilters.problem(Map.of("$and", List.of())).isPresent());
        assertTrue(PartialFilters.problem(Map.of("$or", List.of(Map.of("a", Map.of("$ne", 1))))).isPresent());
        var e = assertThrows(HyperException.class, () -> new IndexSpec("i", List.of(),
                Optional.of(Map.of("$bogus", 1))));
        assertEquals(HyperException.Fact.REFUSED, e.fact());
    }
}
