package hyper.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer-token auth as hyper cloud and hyper's documented auth middleware do it, and as hyper-connect signs
 * it when its connection string carries {@code user:password}: a JWT in {@code Authorization: Bearer ...},
 * HS256 only, signed with the shared secret (its UTF-8 bytes), with an {@code exp} in the future and, when a
 * subject is configured, {@code sub} equal to it.
 *
 * <p>A token is refused when it is missing or malformed, names another algorithm ({@code none} included) or
 * a critical extension, has a wrong signature, no numeric {@code exp}, an {@code exp} in the past or an
 * {@code nbf} in the future (beyond {@link #CLOCK_SKEW} either way), or the wrong {@code sub}.
 */
public final class JwtAuth {

    /** How far the clocks of the token's signer and of this server may disagree. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Longer headers are not tokens hyper-connect makes; they are refused before any decoding. */
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Optional<String> subject;
    private final Clock clock;

    /**
     * @param secret the shared secret (hyper-connect's password); not empty
     * @param subject the {@code sub} every token must carry, or empty to accept any
     */
    public JwtAuth(String secret, Optional<String> subject, Clock clock) {
        if (Objects.requireNonNull(secret).isEmpty()) {
            throw new IllegalArgumentException("the auth secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.subject = Objects.requireNonNull(subject);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The configured subject, if any. */
    public Optional<String> subject() {
        return subject;
    }

    /** Whether the value of an {@code Authorization} header (if any) carries a token this server accepts. */
    public boolean accepts(Optional<String> authorization) {
        return authorization.flatMap(JwtAuth::bearerToken).map(this::valid).orElse(false);
    }

    private static Optional<String> bearerToken(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        return Optional.of(value.substring(space + 1).strip());
    }

    private boolean valid(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !BASE64URL.matcher(parts[0]).matches() || !BASE64URL.matcher(parts[1]).matches()
                || !BASE64URL.matcher(parts[2]).matches()) {
            return false;
        }
        try {
            JsonNode header = Json.MAPPER.readTree(decode(parts[0]));
            if (header == null || !header.isObject() || !"HS256".equals(header.path("alg").textValue())
                    || header.has("crit")) {
                return false;
            }
            if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), decode(parts[2]))) {
                return false;
            }
            JsonNode claims = Json.MAPPER.readTree(decode(parts[1]));
            return claims != null && claims.isObject() && timely(claims) && subjectMatches(claims);
        } catch (IOException | IllegalArgumentException e) {
            return false; // not JSON, or not base64url
        }
    }

    private boolean timely(JsonNode claims) {
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            return false;
        }
        double now = clock.millis() / 1000.0;
        double skew = CLOCK_SKEW.toSeconds();
        if (exp.asDouble() + skew <= now) {
            return false;
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nbf.asDouble() - skew > now)) {
            return false;
        }
        return true;
    }

    private boolean subjectMatches(JsonNode claims) {
        return subject.isEmpty() || subject.get().equals(claims.path("sub").textValue());
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url);
    }
}
