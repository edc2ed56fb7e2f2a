package hyper.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sort key of a data query: {@code Sort.asc("year")} sends {@code {"year":"ASC"}},
 * {@code Sort.desc("title")} {@code {"title":"DESC"}}, {@code Sort.by("year")} the bare field name.
 *
 * @param field the field to sort on
 * @param direction {@code ASC} or {@code DESC}; empty for the bare field name (ascending)
 */
public record Sort(String field, Optional<String> direction) {

    public Sort {
        Objects.requireNonNull(field);
        Objects.requireNonNull(direction);
    }

    public static Sort asc(String field) {
        return new Sort(field, Optional.of("ASC"));
    }

    public static Sort desc(String field) {
        return new Sort(field, Optional.of("DESC"));
    }

    public static Sort by(String field) {
        return new Sort(field, Optional.empty());
    }

    /** As sent in a query: the field name, or {@code {field: direction}}. */
    Object json() {
        return direction.<Object>map(d -> Map.of(field, d)).orElse(field);
    }
}
