package hyper.queue.redis;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.QueueProvider;
import hyper.core.queue.QueuePort;
import hyper.redis.RedisConnection;
import hyper.redis.RedisEndpoint;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue on a Redis server ({@code --queue-url redis://[user:password@]host[:port][/db][?timeout=30s&lease=10s]},
 * {@code rediss://} for TLS). Opening connects, logs in, sends PING and checks the version, so that a wrong URL
 * stops the server before it answers; then this server starts taking its share of the deliveries.
 *
 * <p>The URL's options: {@code timeout=} how long a target may take to answer one delivery (default 30 s);
 * {@code lease=} how long a claimed job stays with its server without a renewal (default 10 s): the server
 * renews it while the delivery runs, so it bounds how soon the job of a dead server is delivered by another,
 * not how long a delivery may take.
 */
public final class RedisQueueProvider implements QueueProvider {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

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
        return open(settings, delivery(endpoint(settings)), deliver);
    }

    static RedisQueue open(EngineSettings settings, RedisQueue.Delivery delivery, boolean deliver) {
        RedisEndpoint endpoint = endpoint(settings);
        return RedisConnection.open(endpoint, settings, "queue", redis ->
                new RedisQueue(redis, endpoint.redacted(), settings.prefix(), settings.clock(), delivery, deliver));
    }

    /** The queue's URL, with its options {@code timeout=} and {@code lease=}. */
    static RedisEndpoint endpoint(EngineSettings settings) {
        return RedisEndpoint.parse(settings.url(), "--queue-url", Set.of("timeout", "lease"));
    }

    /** The delivery the URL's options ask for. */
    static RedisQueue.Delivery delivery(RedisEndpoint endpoint) {
        return RedisQueue.Delivery.of(option(endpoint, "timeout", DEFAULT_TIMEOUT, "30s"),
                option(endpoint, "lease", DEFAULT_LEASE, "10s"));
    }

    private static Duration option(RedisEndpoint endpoint, String name, Duration otherwise, String example) {
        String value = endpoint.options().get(name);
        if (value == null) {
            return otherwise;
        }
        return duration(value).orElseThrow(() -> endpoint.wrong(name + "= takes a duration, as in " + example));
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, or a bare number of seconds; empty for anything else or zero. */
    private static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }
}
