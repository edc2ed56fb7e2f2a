package hyper.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JSON Web Tokens for the auth tests, signed here rather than by the server's own code. */
final class Jwts {

    private Jwts() {}

    /** {@code header.payload.signature} with an HMAC of {@code algorithm} (HmacSHA256 ...) over the first two. */
    static String sign(String headerJson, String payloadJson, String secret, String algorithm) {
        String input = encode(headerJson) + "." + encode(payloadJson);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As hyper-connect signs: header {@code {"alg":"HS256"}}. */
    static String hs256(String payloadJson, String secret) {
        return sign("{\"alg\":\"HS256\"}", payloadJson, secret, "HmacSHA256");
    }

    static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
