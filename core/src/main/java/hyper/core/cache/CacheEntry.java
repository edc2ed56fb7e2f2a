package hyper.core.cache;

import java.util.Map;

/** One key and its value, as a pattern query returns them. */
public record CacheEntry(String key, Map<String, Object> value) {}
