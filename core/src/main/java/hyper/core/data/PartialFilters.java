package hyper.core.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an index's {@code partialFilter} may say: MongoDB's own rule for partial filter expressions
 * (equality, {@code $exists: true}, comparisons, {@code $type}, {@code $in}, combined with {@code $and} and
 * {@code $or}). Checked here so every engine refuses the same filters; the embedded engine would accept
 * anything and then filter by it differently from MongoDB.
 */
public final class PartialFilters {

    private static final Set<String> FIELD_OPERATORS = Set.of("$eq", "$exists", "$gt", "$gte", "$lt", "$lte", "$type",
            "$in");
    private static final Set<String> COMBINATORS = Set.of("$and", "$or");

    private PartialFilters() {}

    /** Why {@code filter} cannot be a partial filter, if it cannot. */
    public static Optional<String> problem(Map<String, Object> filter) {
        for (Map.Entry<String, Object> clause : filter.entrySet()) {
            String key = clause.getKey();
            Object value = clause.getValue();
            if (key.startsWith("$")) {
                if (!COMBINATORS.contains(key)) {
                    return Optional.of("partialFilter does not support " + key);
                }
                if (!(value instanceof List<?> parts) || parts.isEmpty()) {
                    return Optional.of("partialFilter " + key + " needs a non-empty array of filters");
                }
                for (Object part : parts) {
                    if (!(part instanceof Map<?, ?> map)) {
                        return Optional.of("partialFilter " + key + " needs an array of filters");
                    }
                    @SuppressWarnings("unchecked")
                    Optional<String> inner = problem((Map<String, Object>) map);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            } else if (value instanceof Map<?, ?> condition && condition.keySet().stream()
                    .anyMatch(k -> k instanceof String s && s.startsWith("$"))) {
                for (Map.Entry<?, ?> operator : condition.entrySet()) {
                    String name = String.valueOf(operator.getKey());
                    if (!FIELD_OPERATORS.contains(name)) {
                        return Optional.of("partialFilter does not support " + name + " (on " + key + ")");
                    }
                    if (name.equals("$exists") && !Boolean.TRUE.equals(operator.getValue())) {
                        return Optional.of("partialFilter supports only $exists: true (on " + key + ")");
                    }
                    if (name.equals("$in") && !(operator.getValue() instanceof List<?>)) {
                        return Optional.of("partialFilter $in needs an array (on " + key + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }
}
