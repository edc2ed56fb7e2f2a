package hyper.storage.s3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the S3 service is and how to log in, read from
 * {@code s3://ACCESS:SECRET@host[:port][?region=R&tls=false&bucket=NAME]}. Without a host it is AWS (the
 * region's endpoint); without credentials the SDK's default chain (environment, profile, instance role) is
 * used. {@code tls=false} speaks plain HTTP to the host; {@code bucket} keeps every hyper bucket as a key
 * prefix of that one existing bucket instead of an S3 bucket each.
 *
 * @param host empty for AWS
 * @param port -1 for the scheme's default
 */
record S3Endpoint(Optional<String> host, int port, boolean tls, String region, Optional<String> accessKey,
        Optional<String> secretKey, Optional<String> bucket) {

    static final String DEFAULT_REGION = "us-east-1";
    private static final Set<String> PARAMETERS = Set.of("region", "tls", "bucket");

    /** Reads {@code url}; an {@link IllegalArgumentException} says what is wrong, without the secret. */
    static S3Endpoint parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("s3")) {
            throw wrong(url, "the scheme must be s3:");
        }
        if (url.isOpaque()) {
            throw wrong(url, "write it as s3://ACCESS:SECRET@host:port?region=...");
        }
        if (url.getRawFragment() != null) {
            throw wrong(url, "no #fragment is understood");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw wrong(url, "no path is understood; name one bucket with ?bucket=NAME");
        }
        // A URL without a host ("s3://KEY:SECRET@?region=...") has a registry authority: read it by hand.
        String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String info = at < 0 ? "" : authority.substring(0, at);
        Optional<String> host = Optional.ofNullable(url.getHost()).filter(h -> !h.isEmpty())
                .map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        if (host.isEmpty() && !authority.substring(at + 1).isEmpty()) {
            throw wrong(url, "the host '" + authority.substring(at + 1) + "' cannot be read");
        }
        Optional<String> access = Optional.empty();
        Optional<String> secret = Optional.empty();
        if (!info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw wrong(url, "credentials are ACCESS:SECRET (percent-encode / and + in the secret)");
            }
            access = Optional.of(decode(info.substring(0, colon))).filter(a -> !a.isEmpty());
            secret = Optional.of(decode(info.substring(colon + 1))).filter(s -> !s.isEmpty());
            if (access.isEmpty() || secret.isEmpty()) {
                throw wrong(url, "credentials are ACCESS:SECRET, both needed");
            }
        }
        Map<String, String> query = query(url);
        String region = query.getOrDefault("region", DEFAULT_REGION);
        if (!region.matches("[a-z0-9-]{1,40}")) {
            throw wrong(url, "region must look like us-east-1");
        }
        String tls = query.getOrDefault("tls", "true").toLowerCase(Locale.ROOT);
        if (!tls.equals("true") && !tls.equals("false")) {
            throw wrong(url, "tls is true or false");
        }
        if (host.isEmpty() && tls.equals("false")) {
            throw wrong(url, "AWS (no host) is reached over TLS only");
        }
        Optional<String> bucket = Optional.ofNullable(query.get("bucket"));
        if (bucket.isPresent() && !S3Names.validBucket(bucket.get())) {
            throw wrong(url, "bucket '" + bucket.get() + "' is not a valid S3 bucket name");
        }
        return new S3Endpoint(host, url.getPort(), tls.equals("true"), region, access, secret, bucket);
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = url.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!PARAMETERS.contains(name)) {
                throw wrong(url, "'" + name + "' is not understood (region, tls and bucket are)");
            }
            if (query.put(name, value) != null) {
                throw wrong(url, "'" + name + "' is given twice");
            }
        }
        return query;
    }

    /** The endpoint to send requests to; empty for AWS, whose endpoint the SDK derives from the region. */
    Optional<URI> endpoint() {
        return host.map(h -> URI.create((tls ? "https" : "http") + "://" + (h.contains(":") ? "[" + h + "]" : h)
                + (port < 0 ? "" : ":" + port)));
    }

    /** The URL without credentials, for messages and logs. */
    String redacted() {
        return "s3://" + endpoint().map(URI::getRawAuthority).orElse("") + "?region=" + region
                + (tls ? "" : "&tls=false") + bucket.map(b -> "&bucket=" + b).orElse("");
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException wrong(URI url, String why) {
        String shown = "s3://" + (url.getHost() == null ? "" : url.getHost()) + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return new IllegalArgumentException("--storage-url " + shown + ": " + why);
    }
}
