package hyper.core.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shape of one match of {@link SearchPort#query}, written once for every search engine. */
public final class SearchHits {

    private SearchHits() {}

    /**
     * {@code {id, score, terms, queryTerms, match, ...stored fields}}, as the original's search results.
     *
     * @param match each document term that matched, with the fields it was found in, in the order found
     * @param queryTerms the query terms that matched some document term
     */
    public static Map<String, Object> hit(Map<String, Object> source, float score, Map<String, List<String>> match,
            Set<String> queryTerms, IndexFields fields) {
        Map<String, Object> hit = new LinkedHashMap<>();
        hit.put("id", source.get("_id"));
        hit.put("score", score);
        hit.put("terms", List.copyOf(match.keySet()));
        hit.put("queryTerms", List.copyOf(queryTerms));
        hit.put("match", match);
        for (String field : fields.storeFields()) {
            if (source.containsKey(field)) {
                hit.put(field, source.get(field));
            }
        }
        return hit;
    }
}
