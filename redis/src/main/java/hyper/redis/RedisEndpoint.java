package hyper.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the Redis server is and how to log in, read from {@code redis://[user:password@]host[:port][/db][?options]}
 * ({@code rediss://} for TLS). A user info without a colon is a password for the default user, as in
 * {@code redis-cli -u}. Which options there are is the adapter's business; this only checks their names.
 *
 * @param flag the command-line flag the URL came from ({@code --cache-url}), which messages name
 * @param options the query's {@code name=value} pairs, decoded, in their order
 */
public record RedisEndpoint(String flag, String host, int port, Optional<String> user, Optional<String> password,
        int database, boolean tls, Map<String, String> options) {

    public static final int DEFAULT_PORT = 6379;

    public RedisEndpoint {
        options = Map.copyOf(options);
    }

    /**
     * Reads {@code url}; an {@link IllegalArgumentException} says what is wrong, without the password.
     *
     * @param known the option names the adapter understands (none: a query is refused)
     */
    public static RedisEndpoint parse(URI url, String flag, Set<String> known) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw wrong(flag, url, "the scheme must be redis: or rediss:");
        }
        if (url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw wrong(flag, url, "a host is needed, as in redis://127.0.0.1:6379");
        }
        if (url.getRawFragment() != null || url.getRawQuery() != null && known.isEmpty()) {
            throw wrong(flag, url, known.isEmpty() ? "no ?query or #fragment is understood"
                    : "no #fragment is understood");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (url.getRawQuery() != null) {
            for (String option : url.getRawQuery().split("&")) {
                int eq = option.indexOf('=');
                String name = decode(eq < 0 ? option : option.substring(0, eq));
                if (!known.contains(name)) {
                    throw wrong(flag, url, "the options are " + String.join("=, ", new TreeSet<>(known)) + "=");
                }
                options.put(name, eq < 0 ? "" : decode(option.substring(eq + 1)));
            }
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
                throw wrong(flag, url, "the path is the database number, as in redis://host:6379/2");
            }
        }
        int port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        return new RedisEndpoint(flag, host, port, user, password, database, scheme.equals("rediss"), options);
    }

    /** The URL without credentials or options, for messages and logs. */
    public String redacted() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (database == 0 ? "" : "/" + database);
    }

    /** A refusal of this URL naming its flag, for an option the adapter cannot read. */
    public IllegalArgumentException wrong(String why) {
        return new IllegalArgumentException(flag + " " + redactedHostPort() + ": " + why);
    }

    private String redactedHostPort() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException wrong(String flag, URI url, String why) {
        String shown = url.getScheme() + "://" + (url.getHost() == null ? "" : url.getHost())
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return new IllegalArgumentException(flag + " " + shown + ": " + why);
    }
}
