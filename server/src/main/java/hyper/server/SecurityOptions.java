package hyper.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the server, all opt-in.
 *
 * @param authSecret with it, every route but {@code GET /} and {@code GET /health} needs
 *     {@code Authorization: Bearer <JWT>}, HS256-signed with this secret (hyper-connect's password)
 * @param authSub the {@code sub} those tokens must carry (hyper-connect's user name); any when empty
 */
public record SecurityOptions(Optional<String> authSecret, Optional<String> authSub) {

    public SecurityOptions {
        Objects.requireNonNull(authSecret);
        Objects.requireNonNull(authSub);
        if (authSecret.isPresent() && authSecret.get().isEmpty()) {
            throw new IllegalArgumentException("the auth secret must not be empty");
        }
        if (authSub.isPresent() && authSecret.isEmpty()) {
            throw new IllegalArgumentException("an auth subject needs an auth secret");
        }
    }

    /** Nothing asked for: no auth. */
    public static SecurityOptions none() {
        return new SecurityOptions(Optional.empty(), Optional.empty());
    }

    /** Requires a token signed with {@code secret} (and carrying {@code sub}, when given). */
    public SecurityOptions withAuth(String secret, Optional<String> sub) {
        return new SecurityOptions(Optional.of(secret), sub);
    }
}
