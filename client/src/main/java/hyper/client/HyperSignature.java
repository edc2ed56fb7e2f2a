package hyper.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the {@code X-HYPER-SIGNATURE} header of a queue delivery, as hyper-connect's
 * {@code createHyperVerify(secret, ttl)} does: the header is {@code t=<ms since the epoch>,sig=<hex>}, and
 * {@code sig} is the HMAC-SHA256, keyed with the queue's secret, of {@code <t>.<body>}.
 *
 * <pre>{@code
 * Result check = HyperSignature.verify(secret, request.header("X-HYPER-SIGNATURE"), rawBody);
 * if (!check.ok()) respond(check.status());      // 401 or 422
 * }</pre>
 *
 * <p>Verify the body exactly as it arrived (the server signs the bytes it sends). hyper-connect
 * re-serialises the parsed body instead, which gives the same text for JSON the server wrote. Its time
 * check never rejects (it reads the wrong field); here it is done when a maximum age is given.
 */
public final class HyperSignature {

    /** The header a queue delivery carries when its queue has a secret. */
    public static final String HEADER = "X-HYPER-SIGNATURE";

    private HyperSignature() {}

    /**
     * Whether the signature matches the body: {@code ok}, or 401 {@code Unauthorized} (a missing or
     * malformed header, another secret, a changed body). The time of the signature is not checked.
     */
    public static Result verify(String secret, String header, String body) {
        return verify(secret, header, body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #verify(String, String, String)}, for the body's bytes. */
    public static Result verify(String secret, String header, byte[] body) {
        return check(secret, header, body).isPresent() ? OK : UNAUTHORIZED;
    }

    /**
     * As {@link #verify(String, String, String)}, and also 422 {@code Timestamp not within acceptable range}
     * when the signature is older than {@code maxAge}, or dated more than {@code maxAge} ahead (clock skew).
     */
    public static Result verify(String secret, String header, String body, Duration maxAge, Clock clock) {
        Optional<Instant> signed = check(secret, header, body.getBytes(StandardCharsets.UTF_8));
        if (signed.isEmpty()) {
            return UNAUTHORIZED;
        }
        Duration age = Duration.between(signed.get(), clock.instant());
        return age.abs().compareTo(maxAge) > 0 ? TOO_OLD : OK;
    }

    /**
     * The header value a server sends for {@code body} signed at {@code time}: {@code t=<ms>,sig=<hex>}
     * (for tests of webhook handlers).
     */
    public static String sign(String secret, Instant time, String body) {
        long t = time.toEpochMilli();
        return "t=" + t + ",sig=" + hex(secret, t, body.getBytes(StandardCharsets.UTF_8));
    }

    private static final Result OK = new Result(true, 200, "");
    private static final Result UNAUTHORIZED = new Result(false, 401, "Unauthorized");
    private static final Result TOO_OLD = new Result(false, 422, "Timestamp not within acceptable range");

    /** The signing time if the signature is right. */
    private static Optional<Instant> check(String secret, String header, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (header == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String t = null;
        String sig = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("sig=")) {
                sig = p.substring(4);
            }
        }
        if (t == null || sig == null || !t.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        long time = Long.parseLong(t);
        byte[] expected = hex(secret, time, body).getBytes(StandardCharsets.US_ASCII);
        boolean same = MessageDigest.isEqual(expected, sig.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(Instant.ofEpochMilli(time)) : Optional.empty();
    }

    private static String hex(String secret, long time, byte[] body) {
        byte[] prefix = (time + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return HexFormat.of().formatHex(Jwt.hmacSha256(secret, message));
    }
}
