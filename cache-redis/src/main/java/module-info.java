/**
 * The cache port on Redis ({@code --cache-url redis://...} or {@code rediss://...}). Exports nothing: the
 * server finds {@link hyper.cache.redis.RedisCacheProvider} through {@code provides}.
 */
module hyper.cache.redis {
    requires hyper.core;
    requires hyper.redis;
    requires com.fasterxml.jackson.databind;

    provides hyper.core.engine.CacheProvider with hyper.cache.redis.RedisCacheProvider;
}
