package hyper.http;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the API.
 *
 * @param auth the bearer-token check every route but {@code GET /} and {@code GET /health} needs; empty:
 *     anyone who reaches the port may (the original's behaviour, and the default)
 * @param signedUrls signs and verifies the storage URLs that work without a token
 * @param trustProxy whether {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} say where clients reach
 *     this server (only behind a proxy that sets them; otherwise any client could choose the host of the
 *     signed URLs it is given)
 */
public record ApiAccess(Optional<JwtAuth> auth, SignedUrls signedUrls, boolean trustProxy) {

    public ApiAccess {
        Objects.requireNonNull(auth);
        Objects.requireNonNull(signedUrls);
    }

    /** No auth; signed URLs with a key of this run only; no proxy. */
    public static ApiAccess open() {
        return new ApiAccess(Optional.empty(), SignedUrls.ephemeral(Clock.systemUTC()), false);
    }
}
