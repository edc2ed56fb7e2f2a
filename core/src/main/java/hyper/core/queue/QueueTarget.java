package hyper.core.queue;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a queue delivers its jobs, the secret that signs them, and how many times a failed delivery is
 * retried before the job is listed as {@code ERROR} (empty: the adapter's default). The HTTP layer checks
 * the arguments against these rules and words the answer; a target that breaks them here is a programming
 * error.
 *
 * @param target an absolute {@code http} or {@code https} URL with a host ({@link #isDeliverable})
 * @param secret signs each delivery when present and non-empty; at most {@value #MAX_SECRET} characters
 * @param retries extra attempts after the first failure, 0 to {@value #MAX_RETRIES}
 */
public record QueueTarget(URI target, Optional<String> secret, OptionalInt retries) {

    /** Longest secret accepted (the original's limit). */
    public static final int MAX_SECRET = 100;
    /** Most retries a queue may ask for. */
    public static final int MAX_RETRIES = 10;

    public QueueTarget {
        Objects.requireNonNull(target);
        Objects.requireNonNull(secret);
        Objects.requireNonNull(retries);
        if (!isDeliverable(target)) {
            throw new IllegalArgumentException("not a deliverable target: " + target);
        }
        if (secret.isPresent() && secret.get().length() > MAX_SECRET) {
            throw new IllegalArgumentException("secret longer than " + MAX_SECRET);
        }
        if (retries.isPresent() && !isRetryCount(retries.getAsInt())) {
            throw new IllegalArgumentException("retries outside 0.." + MAX_RETRIES);
        }
    }

    /** The URL in {@code text}, if it is an absolute http(s) URL with a host. */
    public static Optional<URI> parseUrl(String text) {
        try {
            URI uri = new URI(text);
            return isDeliverable(uri) ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether jobs can be POSTed to {@code uri}: absolute, http or https, with a host and, if it names
     * one, a port between 1 and 65535 (a job for port 99999 could never leave).
     */
    public static boolean isDeliverable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null && !uri.getHost().isEmpty()
                && (port == -1 || (port >= 1 && port <= 65_535));
    }

    /** Whether a queue may ask for {@code retries} retries. */
    public static boolean isRetryCount(int retries) {
        return retries >= 0 && retries <= MAX_RETRIES;
    }

    /** The secret, if deliveries are signed (an empty secret signs nothing, as in the original). */
    public Optional<String> signingSecret() {
        return secret.filter(s -> !s.isEmpty());
    }
}
