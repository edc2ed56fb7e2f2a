package hyper.client;

import java.util.List;
import java.util.Map;

/**
 * One hit of {@code search().query}.
 *
 * @param <T> the Java type of the stored fields
 * @param id the document's key
 * @param score how well it matched; higher is better
 * @param terms the document's terms that matched
 * @param queryTerms the query's terms that matched
 * @param match for each matched term, the fields it matched in
 * @param doc the hit's stored fields (the index's {@code storeFields}) and its {@code id}, as {@code T}
 */
public record SearchMatch<T>(String id, double score, List<String> terms, List<String> queryTerms,
        Map<String, List<String>> match, T doc) {

    public SearchMatch {
        terms = List.copyOf(terms);
        queryTerms = List.copyOf(queryTerms);
        match = Map.copyOf(match);
    }
}
