package hyper.core.search;

import hyper.core.HyperException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Free text, optionally restricted to some of the index's fields, and filtered by exact (typed) equality of
 * stored fields.
 */
public record SearchQuery(String query, Optional<List<String>> fields, Map<String, Object> filter) {

    /**
     * The one answer (400) to a query the engine refuses for having too many clauses, whether it counts the
     * words times fields before searching or their typo and prefix variants while expanding them.
     *
     * @param maxClauses the engine's limit
     */
    public static HyperException tooLong(int maxClauses) {
        return refusedAsTooLong("at most " + maxClauses + " words times fields");
    }

    /** As {@link #tooLong(int)}, for an engine that does not say its limit. */
    public static HyperException tooLong() {
        return refusedAsTooLong("too many words times fields");
    }

    private static HyperException refusedAsTooLong(String limit) {
        return HyperException.refused("the query is too long: " + limit
                + ", fewer when its words match many others by typo or prefix");
    }
}
