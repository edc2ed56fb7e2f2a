package hyper.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token hyper-connect's Node build signs for a connection string with credentials: header
 * {@code {"alg":"HS256"}}, payload {@code {"sub":<user>,"exp":<now + 10 min>}}, HMAC-SHA256 keyed with the
 * password's UTF-8 bytes.
 */
final class Jwt {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));

    private Jwt() {}

    static String sign(Connection.Credentials credentials, Clock clock) {
        long exp = clock.instant().plus(LIFETIME).getEpochSecond();
        String payload = "{\"sub\":" + jsonString(credentials.sub()) + ",\"exp\":" + exp + "}";
        String signingInput = HEADER + "." + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + BASE64URL.encodeToString(
                hmacSha256(credentials.secret(), signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] hmacSha256(String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } catch (IllegalArgumentException e) {
            // SecretKeySpec refuses an empty key; HMAC itself would take one
            throw new IllegalArgumentException("the secret must not be empty", e);
        }
    }

    /** A JSON string literal, without a JSON library (the subject is the only variable part). */
    static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
