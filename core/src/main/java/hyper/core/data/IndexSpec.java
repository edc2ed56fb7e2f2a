package hyper.core.data;

import hyper.core.HyperException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named index over fields, optionally only of the documents matching {@code partialFilter}.
 *
 * @throws HyperException REFUSED when the partial filter says what MongoDB's partial filters cannot
 *     ({@link PartialFilters})
 */
public record IndexSpec(String name, List<SortField> fields, Optional<Map<String, Object>> partialFilter) {

    public IndexSpec {
        fields = List.copyOf(fields);
        partialFilter.flatMap(PartialFilters::problem).ifPresent(why -> {
            throw HyperException.refused(why);
        });
    }
}
