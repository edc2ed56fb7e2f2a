package hyper.queue.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The original's delivery signature, so that existing verification code (hyper-connect's
 * {@code createHyperVerify}) keeps working: header {@code X-HYPER-SIGNATURE: t=<ms>,sig=<hex>} where
 * {@code sig} is the lower-case hex HMAC-SHA256, keyed with the secret, of {@code <ms>.<body>}.
 */
public final class Signature {

    /** The header's name, spelled as the original sends it. */
    public static final String HEADER = "X-HYPER-SIGNATURE";

    private Signature() {}

    /** The header value for {@code body} sent at {@code millis} (epoch milliseconds). */
    public static String header(String secret, long millis, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((millis + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + millis + ",sig=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
