package hyper.queue.redis;

import hyper.core.HyperException;
import hyper.core.engine.EngineSettings;
import hyper.core.engine.QueueProvider;
import hyper.core.queue.QueuePort;
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
 * The queue on a Redis server ({@code --queue-url redis://[user:password@]host[:port][/db][?timeout=30s&lease=10s]},
 * {@code rediss://} for TLS). Opening connects, logs in, sends PING and checks the version, so that a wrong URL
 * stops the server before it answers; then this server starts taking its share of the deliveries.
 */
public final class RedisQueueProvider implements QueueProvider {

    /** The oldest Redis whose commands the adapter uses (multi-field HSET, UNLINK, TIME in effect-replicated Lua). */
    static final int OLDEST_MAJOR = 5;

    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.");

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public QueuePort open(EngineSettings settings) {
        // the offline export/import commands read and write the jobs; only a serving server delivers them
        return open(settings, settings.background());
    }

    /** Opens the queue; with {@code deliver} false it stores jobs but never claims one (offline, and tests). */
    static RedisQueue open(EngineSettings settings, boolean deliver) {
        RedisEndpoint endpoint = RedisEndpoint.parse(settings.url());
        return open(settings, RedisQueue.Delivery.of(endpoint.timeout(), endpoint.lease()), deliver);
    }

    static RedisQueue open(EngineSettings settings, RedisQueue.Delivery delivery, boolean deliver) {
        RedisEndpoint endpoint = RedisEndpoint.parse(settings.url());
        String where = endpoint.redacted();
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, settings.queryTimeout().toMillis()));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(Math.min(timeout, 5000))
                .socketTimeoutMillis(timeout)
                .database(endpoint.database())
                .clientName("hyper-nano-queue")
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
                throw new IllegalArgumentException("the queue engine at " + where + " is Redis " + version.group(1)
                        + ".x; hyper-nano needs Redis " + OLDEST_MAJOR + " or later");
            }
            return new RedisQueue(redis, where, settings.prefix(), settings.clock(), delivery, deliver);
        } catch (JedisConnectionException e) {
            redis.close();
            throw HyperException.unavailable("cannot reach the queue engine at " + where + ": " + rootMessage(e), e);
        } catch (JedisDataException e) {
            redis.close();
            throw new IllegalArgumentException("the queue engine at " + where + " refused hyper-nano: "
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
