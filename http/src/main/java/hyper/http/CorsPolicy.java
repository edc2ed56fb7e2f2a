package hyper.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may call the API from a browser. A local server must not let any page the developer
 * visits read or delete their data, so by default only pages served from this machine (localhost,
 * 127.0.0.1, [::1], any port, http or https) may; {@code --cors-origins} adds origins, and {@code *}
 * restores the original's open policy (quirk Q41). Clients that send no {@code Origin} (servers, scripts,
 * hyper-connect on Node) are not browsers and are not affected.
 *
 * @param anyOrigin every origin is allowed, answered with {@code *} as the original did
 * @param extraOrigins origins allowed besides this machine's, as {@code scheme://host[:port]}, lower case
 */
public record CorsPolicy(boolean anyOrigin, Set<String> extraOrigins) {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    public CorsPolicy {
        extraOrigins = Set.copyOf(extraOrigins);
    }

    /** Pages of this machine only: the default. */
    public static CorsPolicy localOnly() {
        return new CorsPolicy(false, Set.of());
    }

    /** From the {@code --cors-origins} list: {@code *} opens to all, anything else adds to this machine's. */
    public static CorsPolicy of(Collection<String> origins) {
        boolean any = origins.stream().anyMatch(o -> o.strip().equals("*"));
        Set<String> extra = origins.stream().map(String::strip).filter(o -> !o.isEmpty() && !o.equals("*"))
                .map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        return new CorsPolicy(any, extra);
    }

    /** Whether a request carrying this {@code Origin} header may be served. */
    public boolean allows(String origin) {
        if (anyOrigin) {
            return true;
        }
        String normalized = normalize(origin);
        return extraOrigins.contains(normalized) || isThisMachine(normalized);
    }

    /** The {@code Access-Control-Allow-Origin} to send: the original's {@code *} unless a page asked. */
    String allowOriginHeader(Optional<String> origin) {
        return anyOrigin || origin.isEmpty() ? "*" : origin.get();
    }

    private static boolean isThisMachine(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            return uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))
                    && LOOPBACK_HOSTS.contains(uri.getHost()) && (uri.getPath() == null || uri.getPath().isEmpty());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
