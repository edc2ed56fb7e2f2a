package hyper.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the server, all opt-in.
 *
 * @param authSecret with it, every route but {@code GET /} and {@code GET /health} needs
 *     {@code Authorization: Bearer <JWT>}, HS256-signed with this secret (hyper-connect's password)
 * @param authSub the {@code sub} those tokens must carry (hyper-connect's user name); any when empty
 * @param signingKey the key of signed storage URLs; when empty, one is generated once and kept in the data
 *     directory ({@code signing.key}), so URLs survive a restart
 * @param trustProxy take the scheme and host of signed URLs from {@code X-Forwarded-Proto} and
 *     {@code X-Forwarded-Host}: only behind a proxy that sets them
 * @param tls HTTPS, when asked for
 */
public record SecurityOptions(Optional<String> authSecret, Optional<String> authSub, Optional<String> signingKey,
        boolean trustProxy, Optional<TlsOptions> tls) {

    /** The shortest {@code --signing-key}, in bytes of UTF-8. */
    public static final int MIN_SIGNING_KEY_BYTES = 16;

    public SecurityOptions {
        Objects.requireNonNull(authSecret);
        Objects.requireNonNull(authSub);
        Objects.requireNonNull(signingKey);
        Objects.requireNonNull(tls);
        if (authSecret.isPresent() && authSecret.get().isEmpty()) {
            throw new IllegalArgumentException("the auth secret must not be empty");
        }
        if (authSub.isPresent() && authSecret.isEmpty()) {
            throw new IllegalArgumentException("an auth subject needs an auth secret");
        }
        if (signingKey.isPresent() && signingKey.get().getBytes(StandardCharsets.UTF_8).length < MIN_SIGNING_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key needs " + MIN_SIGNING_KEY_BYTES + " bytes at least");
        }
    }

    /** Nothing asked for: no auth, a signing key kept in the data directory, no proxy, no HTTPS. */
    public static SecurityOptions none() {
        return new SecurityOptions(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    /** Requires a token signed with {@code secret} (and carrying {@code sub}, when given). */
    public SecurityOptions withAuth(String secret, Optional<String> sub) {
        return new SecurityOptions(Optional.of(secret), sub, signingKey, trustProxy, tls);
    }

    /** Signs storage URLs with this key (16 bytes of UTF-8 at least) instead of the data directory's. */
    public SecurityOptions withSigningKey(String key) {
        return new SecurityOptions(authSecret, authSub, Optional.of(key), trustProxy, tls);
    }

    /** Takes the host of signed URLs from the {@code X-Forwarded-*} headers of a proxy in front. */
    public SecurityOptions withTrustProxy(boolean trust) {
        return new SecurityOptions(authSecret, authSub, signingKey, trust, tls);
    }

    /** Speaks HTTPS as {@code tls} says. */
    public SecurityOptions withTls(TlsOptions tls) {
        return new SecurityOptions(authSecret, authSub, signingKey, trustProxy, Optional.of(tls));
    }
}
