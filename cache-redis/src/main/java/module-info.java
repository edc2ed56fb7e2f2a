/**
 * The cache port on Redis ({@code --cache-url redis://...} or {@code rediss://...}). Exports nothing: the
 * server finds {@link hyper.cache.redis.RedisCacheProvider} through {@code provides}.
 */
module hyper.cache.redis {
    requires hyper.core;
    requires com.fasterxml.jackson.databind;
    // Jedis is an automatic module and declares nothing: the explicit modules it uses are required here so
    // that they resolve even when the launch does not add the whole module path.
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires com.google.gson;
    requires org.json;
    requires org.slf4j;

    provides hyper.core.engine.CacheProvider with hyper.cache.redis.RedisCacheProvider;
}
