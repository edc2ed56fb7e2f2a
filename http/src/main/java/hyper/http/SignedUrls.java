package hyper.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Method;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed URLs for storage objects, as hyper's S3 and MinIO adapters hand out: a URL that lets whoever holds
 * it, with no other credentials, download one object or upload it, until it expires. The URL is the object's
 * own route plus three query parameters:
 *
 * <pre>
 * /storage/{bucket}/{path}?X-Hyper-Method=GET&amp;X-Hyper-Expires={epoch seconds}&amp;X-Hyper-Signature={base64url}
 * </pre>
 *
 * where the signature is an HMAC-SHA256, with this server's signing key, of the method, the object's
 * canonical (percent-encoded) path and the expiry. A URL for {@code GET} also serves {@code HEAD}; one for
 * {@code PUT} (an upload, as S3's) also takes {@code POST}, hyper's own upload verb. Changing any part makes
 * the signature fail.
 */
public final class SignedUrls {

    /** How long an upload URL lasts unless asked otherwise: as hyper's MinIO adapter. */
    public static final Duration UPLOAD_LIFETIME = Duration.ofMinutes(5);
    /** How long a download URL lasts unless asked otherwise: as hyper's MinIO adapter (10 000 s). */
    public static final Duration DOWNLOAD_LIFETIME = Duration.ofSeconds(10_000);
    /** The longest lifetime {@code expiresIn} may ask for: S3's limit, a week. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);

    static final String METHOD = "X-Hyper-Method";
    static final String EXPIRES = "X-Hyper-Expires";
    static final String SIGNATURE = "X-Hyper-Signature";
    private static final List<String> PARAMETERS = List.of(METHOD, EXPIRES, SIGNATURE);

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;
    private final Clock clock;

    /** Signs and verifies with {@code key} (16 bytes at least), at the time {@code clock} says. */
    public SignedUrls(byte[] key, Clock clock) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a signing key needs " + MIN_KEY_BYTES + " bytes at least");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock);
    }

    /** With a random key that lives as long as this object: URLs stop working when the server stops. */
    public static SignedUrls ephemeral(Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SignedUrls(key, clock);
    }

    /** What a signed URL allows: downloading or uploading one object. */
    enum Grant {
        DOWNLOAD(Method.GET, Method.HEAD),
        UPLOAD(Method.PUT, Method.POST);

        private final Method signed;
        private final Method alsoAllowed;

        Grant(Method signed, Method alsoAllowed) {
            this.signed = signed;
            this.alsoAllowed = alsoAllowed;
        }

        boolean allows(Method method) {
            return method.equals(signed) || method.equals(alsoAllowed);
        }

        static Optional<Grant> named(String method) {
            for (Grant grant : values()) {
                if (grant.signed.text().equals(method)) {
                    return Optional.of(grant);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The query (without {@code ?}) that makes the object's route a URL for {@code grant}, valid for
     * {@code lifetime} from now.
     */
    String query(Grant grant, String bucket, String path, Duration lifetime) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String method = grant.signed.text();
        return METHOD + "=" + method + "&" + EXPIRES + "=" + expires + "&" + SIGNATURE + "="
                + signature(method, bucket, path, expires);
    }

    /** Whether a request carries any part of a signed URL (it is then served only if all of it verifies). */
    static boolean carried(UriQuery query) {
        return PARAMETERS.stream().anyMatch(query::contains);
    }

    /**
     * Checks a request with the signed-URL parameters in {@code query} for {@code method} on the object
     * {@code path} of {@code bucket} (both decoded); empty when it may go ahead, otherwise why not, for the
     * client.
     */
    Optional<String> refusal(Method method, String bucket, String path, UriQuery query) {
        Optional<String> signedMethod = single(query, METHOD);
        Optional<String> expires = single(query, EXPIRES);
        Optional<String> signature = single(query, SIGNATURE);
        if (signedMethod.isEmpty() || expires.isEmpty() || signature.isEmpty()
                || !expires.get().matches("[0-9]{1,12}")) {
            return Optional.of("signed URL is incomplete");
        }
        long expiry = Long.parseLong(expires.get());
        byte[] expected = mac(canonical(signedMethod.get(), bucket, path, expiry));
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature.get());
        } catch (IllegalArgumentException e) {
            return Optional.of("signature does not match");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of("signature does not match");
        }
        Optional<Grant> grant = Grant.named(signedMethod.get());
        if (grant.isEmpty() || !grant.get().allows(method)) {
            return Optional.of("signed URL does not allow " + method.text());
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            return Optional.of("signed URL has expired");
        }
        return Optional.empty();
    }

    private static Optional<String> single(UriQuery query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        List<String> values = query.all(name, List::of);
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }

    private String signature(String method, String bucket, String path, long expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(canonical(method, bucket, path, expires)));
    }

    /**
     * What is signed: the method, the object's encoded path (in which a bucket and an object path can only be
     * read one way) and the expiry, one per line.
     */
    private static String canonical(String method, String bucket, String path, long expires) {
        return "hyper-signed-url-v1\n" + method + "\n" + objectPath(bucket, path) + "\n" + expires;
    }

    /** {@code /storage/{bucket}/{path}}, each segment percent-encoded (RFC 3986 unreserved characters stay). */
    static String objectPath(String bucket, String path) {
        StringBuilder out = new StringBuilder("/storage/").append(encode(bucket));
        for (String segment : path.split("/", -1)) {
            out.append('/').append(encode(segment));
        }
        return out.toString();
    }

    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
