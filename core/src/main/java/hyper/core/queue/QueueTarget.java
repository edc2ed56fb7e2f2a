package hyper.core.queue;

import hyper.core.HyperException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a queue delivers its jobs, the secret that signs them, and how many times a failed delivery is
 * retried before the job is listed as {@code ERROR} (empty: the adapter's default).
 *
 * @param target an absolute {@code http} or {@code https} URL with a host
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
            throw HyperException.unprocessable("Invalid Arguments 'target': Invalid url.");
        }
        if (secret.isPresent() && secret.get().length() > MAX_SECRET) {
            throw HyperException.unprocessable(
                    "Invalid Arguments 'secret': String must contain at most " + MAX_SECRET + " character(s).");
        }
        if (retries.isPresent() && (retries.getAsInt() < 0 || retries.getAsInt() > MAX_RETRIES)) {
            throw HyperException.unprocessable(
                    "Invalid Arguments 'retries': Number must be between 0 and " + MAX_RETRIES + ".");
        }
    }

    /**
     * Parses a target URL; anything that is not an absolute http(s) URL with a host is a 422
     * {@code Invalid Arguments 'target': Invalid url.}
     */
    public static URI parseUrl(String text) {
        try {
            URI uri = new URI(text);
            if (isDeliverable(uri)) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // falls through to the one message the original gives for any bad URL
        }
        throw HyperException.unprocessable("Invalid Arguments 'target': Invalid url.");
    }

    private static boolean isDeliverable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null && !uri.getHost().isEmpty();
    }

    /** The secret, if deliveries are signed (an empty secret signs nothing, as in the original). */
    public Optional<String> signingSecret() {
        return secret.filter(s -> !s.isEmpty());
    }
}
