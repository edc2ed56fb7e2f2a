package hyper.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code search().query}: search only some fields, keep only hits whose stored fields
 * equal the filter's values. Immutable; start from {@link #none()}.
 *
 * @param fields search only these fields (empty: every indexed field)
 * @param filter keep hits whose fields have these values (empty: no filter)
 */
public record SearchOptions(List<String> fields, Map<String, Object> filter) {

    public SearchOptions {
        fields = List.copyOf(fields);
        filter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filter));
    }

    public static SearchOptions none() {
        return new SearchOptions(List.of(), Map.of());
    }

    public SearchOptions withFields(String... fields) {
        return new SearchOptions(List.of(fields), filter);
    }

    public SearchOptions withFilter(Map<String, ?> filter) {
        return new SearchOptions(fields, Map.copyOf(filter));
    }

    /** Only the options given, as hyper-connect sends them. */
    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (!fields.isEmpty()) {
            b.put("fields", fields);
        }
        if (!filter.isEmpty()) {
            b.put("filter", filter);
        }
        return b;
    }
}
