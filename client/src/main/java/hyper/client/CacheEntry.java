package hyper.client;

/**
 * A cache entry as {@code cache().query} lists it.
 *
 * @param <T> the value's Java type
 * @param key the key
 * @param value the value
 */
public record CacheEntry<T>(String key, T value) {}
