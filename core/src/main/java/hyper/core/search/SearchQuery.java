package hyper.core.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Free text, optionally restricted to some fields and filtered by exact values of stored fields. */
public record SearchQuery(String query, Optional<List<String>> fields, Map<String, Object> filter) {}
