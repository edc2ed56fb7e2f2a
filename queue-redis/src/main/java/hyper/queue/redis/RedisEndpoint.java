package hyper.queue.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Redis server is, how to log in and how deliveries are timed, read from
 * {@code redis://[user:password@]host[:port][/db][?timeout=30s&lease=10s]} ({@code rediss://} for TLS). A
 * user info without a colon is a password for the default user, as in {@code redis-cli -u}.
 *
 * <p>Parsed as the Redis cache's URL is (the same form, the same messages but for the option's name); the
 * two adapters may not depend on each other, so the few lines are repeated.
 *
 * @param timeout how long a target may take to answer one delivery ({@code timeout=}, default 30 s)
 * @param lease how long a claimed job stays with its server without a renewal ({@code lease=}, default 10 s):
 *     the server renews it while the delivery runs, so it bounds how soon the job of a dead server is
 *     delivered by another, not how long a delivery may take
 */
record RedisEndpoint(String host, int port, Optional<String> user, Optional<String> password, int database,
        boolean tls, Duration timeout, Duration lease) {

    static final int DEFAULT_PORT = 6379;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    /** Reads {@code url}; an {@link IllegalArgumentException} says what is wrong, without the password. */
    static RedisEndpoint parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw wrong(url, "the scheme must be redis: or rediss:");
        }
        if (url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw wrong(url, "a host is needed, as in redis://127.0.0.1:6379");
        }
        if (url.getRawFragment() != null) {
            throw wrong(url, "no #fragment is understood");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = url.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = Optional.of(decode(info));
            } else {
                user = Optional.of(decode(info.substring(0, colon))).filter(u -> !u.isEmpty());
                password = Optional.of(decode(info.substring(colon + 1))).filter(p -> !p.isEmpty());
            }
        }
        String path = url.getPath() == null ? "" : url.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw wrong(url, "the path is the database number, as in redis://host:6379/2");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        Duration lease = DEFAULT_LEASE;
        if (url.getRawQuery() != null) {
            for (String option : url.getRawQuery().split("&")) {
                int eq = option.indexOf('=');
                String name = eq < 0 ? option : option.substring(0, eq);
                Optional<Duration> value = eq < 0 ? Optional.empty() : duration(option.substring(eq + 1));
                switch (name) {
                    case "timeout" -> timeout = value.orElseThrow(() -> wrong(url, "timeout= takes a duration, as in 30s"));
                    case "lease" -> lease = value.orElseThrow(() -> wrong(url, "lease= takes a duration, as in 10s"));
                    default -> throw wrong(url, "the options are timeout= and lease=, as in ?timeout=30s&lease=10s");
                }
            }
        }
        int port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        return new RedisEndpoint(host, port, user, password, database, scheme.equals("rediss"), timeout, lease);
    }

    /** The URL without credentials or options, for messages and logs. */
    String redacted() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (database == 0 ? "" : "/" + database);
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

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException wrong(URI url, String why) {
        String shown = url.getScheme() + "://" + (url.getHost() == null ? "" : url.getHost())
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return new IllegalArgumentException("--queue-url " + shown + ": " + why);
    }
}
