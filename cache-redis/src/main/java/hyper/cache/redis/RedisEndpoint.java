package hyper.cache.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the Redis server is and how to log in, read from {@code redis://[user:password@]host[:port][/db]}
 * ({@code rediss://} for TLS). A user info without a colon is a password for the default user, as in
 * {@code redis-cli -u}.
 */
record RedisEndpoint(String host, int port, Optional<String> user, Optional<String> password, int database,
        boolean tls) {

    static final int DEFAULT_PORT = 6379;

    /** Reads {@code url}; an {@link IllegalArgumentException} says what is wrong, without the password. */
    static RedisEndpoint parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw wrong(url, "the scheme must be redis: or rediss:");
        }
        if (url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw wrong(url, "a host is needed, as in redis://127.0.0.1:6379");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw wrong(url, "no ?query or #fragment is understood");
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
        int port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        return new RedisEndpoint(host, port, user, password, database, scheme.equals("rediss"));
    }

    /** The URL without credentials, for messages and logs. */
    String redacted() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (database == 0 ? "" : "/" + database);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException wrong(URI url, String why) {
        String shown = url.getScheme() + "://" + (url.getHost() == null ? "" : url.getHost())
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return new IllegalArgumentException("--cache-url " + shown + ": " + why);
    }
}
