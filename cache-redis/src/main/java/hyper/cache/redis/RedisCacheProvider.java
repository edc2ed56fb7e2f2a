package hyper.cache.redis;

import hyper.core.cache.CachePort;
import hyper.core.engine.CacheProvider;
import hyper.core.engine.EngineSettings;
import hyper.redis.RedisConnection;
import hyper.redis.RedisEndpoint;
import java.util.Set;

/**
 * The cache on a Redis server ({@code --cache-url redis://[user:password@]host[:port][/db]}, {@code rediss://}
 * for TLS). Opening connects, logs in, sends PING and checks the version, so that a wrong URL stops the
 * server before it answers.
 */
public final class RedisCacheProvider implements CacheProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public CachePort open(EngineSettings settings) {
        RedisEndpoint endpoint = endpoint(settings);
        return RedisConnection.open(endpoint, settings, "cache", redis -> {
            RedisCache cache = new RedisCache(redis, endpoint.redacted(), settings.prefix(), settings.clock());
            cache.emptyTrash();
            return cache;
        });
    }

    /** The cache's URL: no options. */
    static RedisEndpoint endpoint(EngineSettings settings) {
        return RedisEndpoint.parse(settings.url(), "--cache-url", Set.of());
    }
}
