package hyper.core.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A selector query.
 *
 * @param selector MongoDB filter document; empty matches all
 * @param fields projection; empty = whole documents ({@code _id} only when listed)
 * @param sort sort fields, in order
 * @param limit at most this many documents
 * @param skip documents to skip
 */
public record Query(Map<String, Object> selector, Optional<List<String>> fields, List<SortField> sort,
        int limit, int skip) {}
