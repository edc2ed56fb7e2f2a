package hyper.cache.redis;

import hyper.core.HyperException;
import hyper.core.cache.CachePort;
import hyper.core.engine.CacheProvider;
import hyper.core.engine.EngineSettings;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cache on a Redis server ({@code --cache-url redis://[user:password@]host[:port][/db]}, {@code rediss://}
 * for TLS). Opening connects, logs in, sends PING and checks the version, so that a wrong URL stops the
 * server before it answers.
 */
public final class RedisCacheProvider implements CacheProvider {

    /** The oldest Redis whose commands the adapter uses (multi-field HSET, UNLINK, effect-replicated Lua). */
    static final int OLDEST_MAJOR = 5;

    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.");

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public CachePort open(EngineSettings settings) {
        RedisEndpoint endpoint = RedisEndpoint.parse(settings.url());
        String where = endpoint.redacted();
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, settings.queryTimeout().toMillis()));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(Math.min(timeout, 5000))
                .socketTimeoutMillis(timeout)
                .database(endpoint.database())
                .clientName("hyper-nano")
                .ssl(endpoint.tls());
        endpoint.user().ifPresent(config::user);
        endpoint.password().ifPresent(config::password);
        if (endpoint.tls()) {
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            config.sslParameters(tls);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMaxWait(Duration.ofMillis(timeout));
        pool.setJmxEnabled(false);
        RedisClient redis = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(config.build()).poolConfig(pool).build();
        try {
            redis.ping();
            Matcher version = VERSION.matcher(serverInfo(redis));
            if (version.find() && Integer.parseInt(version.group(1)) < OLDEST_MAJOR) {
                throw new IllegalArgumentException("the cache engine at " + where + " is Redis " + version.group(1)
                        + ".x; hyper-nano needs Redis " + OLDEST_MAJOR + " or later");
            }
            RedisCache cache = new RedisCache(redis, where, settings.prefix(), settings.clock());
            cache.emptyTrash();
            return cache;
        } catch (JedisConnectionException e) {
            redis.close();
            throw HyperException.unavailable("cannot reach the cache engine at " + where + ": " + rootMessage(e), e);
        } catch (JedisDataException e) {
            redis.close();
            throw new IllegalArgumentException("the cache engine at " + where + " refused hyper-nano: "
                    + e.getMessage(), e);
        } catch (JedisException | IllegalArgumentException | HyperException e) {
            redis.close();
            throw e;
        }
    }

    /** INFO's server section; empty where a managed Redis has renamed or disabled INFO (no check then). */
    private static String serverInfo(RedisClient redis) {
        try {
            return redis.info("server");
        } catch (JedisDataException e) {
            return "";
        }
    }

    /** What the system said ("Connection refused"): Jedis keeps it as the cause or a suppressed exception. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; depth < 10; depth++) {
            if (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            } else if (root.getSuppressed().length > 0) {
                root = root.getSuppressed()[0];
            } else {
                break;
            }
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
