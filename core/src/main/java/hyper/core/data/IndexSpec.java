package hyper.core.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A named index over fields, optionally only of the documents matching {@code partialFilter}. */
public record IndexSpec(String name, List<SortField> fields, Optional<Map<String, Object>> partialFilter) {}
