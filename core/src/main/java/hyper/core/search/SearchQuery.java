package hyper.core.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Free text, optionally restricted to some of the index's fields, and filtered by exact (typed) equality of
 * stored fields.
 */
public record SearchQuery(String query, Optional<List<String>> fields, Map<String, Object> filter) {}
