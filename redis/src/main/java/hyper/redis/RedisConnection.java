package hyper.redis;

import hyper.core.HyperException;
import hyper.core.engine.EngineSettings;
import java.time.Duration;
import java.util.function.Function;
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
 * Opens the connection pool of a Redis adapter: connects, logs in, sends PING and checks the version before
 * the adapter is made, so that a wrong URL stops the server before it answers, in one line a person can act
 * on (never the password).
 */
public final class RedisConnection {

    /** The oldest Redis whose commands the adapters use (multi-field HSET, UNLINK, effect-replicated Lua). */
    public static final int OLDEST_MAJOR = 5;

    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.");

    private RedisConnection() {}

    /**
     * Opens a pool on {@code endpoint} and makes the adapter on it; the pool is closed again if either fails.
     *
     * @param service the service it is for, as messages name it ("cache", "queue")
     * @param adapter makes the adapter on the checked pool (it may talk to Redis: its failures are reported
     *     as the connection's are)
     * @throws HyperException ENGINE_UNAVAILABLE when Redis cannot be reached
     * @throws IllegalArgumentException when Redis refuses the login or is too old
     */
    public static <T> T open(RedisEndpoint endpoint, EngineSettings settings, String service,
            Function<RedisClient, T> adapter) {
        String where = endpoint.redacted();
        // a request waits for Redis no longer than for any query; connecting is bounded tighter
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, settings.queryTimeout().toMillis()));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(Math.min(timeout, 5000))
                .socketTimeoutMillis(timeout)
                .database(endpoint.database())
                .clientName("hyper-nano-" + service)
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
                throw new IllegalArgumentException("the " + service + " engine at " + where + " is Redis "
                        + version.group(1) + ".x; hyper-nano needs Redis " + OLDEST_MAJOR + " or later");
            }
            return adapter.apply(redis);
        } catch (JedisConnectionException e) {
            redis.close();
            throw HyperException.unavailable("cannot reach the " + service + " engine at " + where + ": "
                    + rootMessage(e), e);
        } catch (JedisDataException e) {
            redis.close();
            throw new IllegalArgumentException("the " + service + " engine at " + where + " refused hyper-nano: "
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
    public static String rootMessage(Throwable e) {
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
