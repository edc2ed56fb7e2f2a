package hyper.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Hyper} sends its requests, read from a connection string with hyper-connect's rules.
 *
 * <ul>
 *   <li>{@code http://host:port/<domain>} and {@code https://host/<domain>}: service {@code svc} is at
 *       {@code http://host:port/<svc>/<domain>}; the second argument of {@link #parse(String, String)} is
 *       not used, as in hyper-connect.</li>
 *   <li>{@code cloud://key:secret@host/<app>}: service {@code svc} is at
 *       {@code https://host/<app>/<svc>/<domain>}, with the domain given separately ({@code default} unless
 *       given).</li>
 *   <li>A user name and a password in the string ({@code http://sub:secret@host/domain}) sign every request
 *       with an HS256 JWT ({@code sub} = the user name, key = the password, as they appear in the string).</li>
 *   <li>The information route ({@code info().services()}) is {@code scheme://host:port/}, without a path.</li>
 * </ul>
 *
 * <p>Two differences from hyper-connect, both about strings it would turn into wrong URLs: a string
 * without a domain path is refused (hyper-connect would call the info routes), and one trailing slash is
 * dropped (hyper-connect would send {@code /data/test/} and {@code /data/test//id}).
 *
 * @param base {@code scheme://host[:port]}, no path
 * @param prefix the path between the host and the service ({@code /my-app} for cloud strings, else empty)
 * @param domain the name every service uses: the path of an http(s) string, the domain of a cloud one
 * @param credentials the subject and secret that sign requests, if the string has both
 */
public record Connection(URI base, String prefix, String domain, Optional<Credentials> credentials) {

    /** The domain of a {@code cloud://} string when none is given, as in hyper-connect. */
    public static final String DEFAULT_DOMAIN = "default";

    /**
     * The subject and secret of a JWT-signed connection.
     *
     * @param sub the JWT subject (the user name of the connection string)
     * @param secret the HMAC key (its password)
     */
    public record Credentials(String sub, String secret) {
        public Credentials {
            Objects.requireNonNull(sub);
            Objects.requireNonNull(secret);
        }

        @Override
        public String toString() {
            return "Credentials[sub=" + sub + ", secret=***]";
        }
    }

    public Connection {
        Objects.requireNonNull(base);
        Objects.requireNonNull(prefix);
        Objects.requireNonNull(domain);
        Objects.requireNonNull(credentials);
    }

    /** Reads an {@code http}, {@code https} or {@code cloud} connection string (cloud domain {@code default}). */
    public static Connection parse(String connectionString) {
        return parse(connectionString, DEFAULT_DOMAIN);
    }

    /**
     * Reads a connection string; {@code domain} is the domain of a {@code cloud://} string and is not used
     * for the others (their path is the domain).
     *
     * @throws IllegalArgumentException if the string is not an absolute http, https or cloud URL with a
     *     host and a domain
     */
    public static Connection parse(String connectionString, String domain) {
        Objects.requireNonNull(connectionString, "connectionString");
        Objects.requireNonNull(domain, "domain");
        URI uri;
        try {
            uri = new URI(connectionString.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a connection string: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean cloud = scheme.equals("cloud");
        if (!cloud && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "a connection string is http://host:port/<domain>, https://... or cloud://key:secret@host/<app>: "
                            + redacted(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the connection string has no host: " + redacted(uri));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]" : uri.getHost();
        if (uri.getPort() >= 0) {
            authority += ":" + uri.getPort();
        }
        URI base = URI.create((cloud ? "https" : scheme) + "://" + authority);
        Optional<Credentials> credentials = credentials(uri.getRawUserInfo());
        if (cloud) {
            if (domain.isEmpty()) {
                throw new IllegalArgumentException("the domain of a cloud connection is empty");
            }
            return new Connection(base, path, domain, credentials);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException(
                    "the connection string has no domain: http://host:port/<domain>, for example "
                            + base + "/test");
        }
        return new Connection(base, "", path.substring(1), credentials);
    }

    /** hyper-connect signs only when the string has both a user name and a password. */
    private static Optional<Credentials> credentials(String userInfo) {
        if (userInfo == null) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        if (colon <= 0 || colon == userInfo.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(userInfo.substring(0, colon), userInfo.substring(colon + 1)));
    }

    private static String redacted(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
    }

    /** The URL of a service of this domain: {@code base + prefix + "/" + service + "/" + domain}. */
    public URI serviceUrl(String service) {
        return URI.create(base + prefix + "/" + service + "/" + domain);
    }

    /** The information route: the root of the server. */
    public URI infoUrl() {
        return URI.create(base + "/");
    }

    /** The connection string without its credentials. */
    @Override
    public String toString() {
        return prefix.isEmpty() ? base + "/" + domain : "cloud://" + base.getRawAuthority() + prefix + " (domain " + domain + ")";
    }
}
