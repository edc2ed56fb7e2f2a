package hyper.core.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One live entry as a listing of a store returns it.
 *
 * @param key its key
 * @param value its value
 * @param ttl the time it has left to live, by the port's clock; empty when it never expires
 */
public record CacheItem(String key, Map<String, Object> value, Optional<Duration> ttl) {}
