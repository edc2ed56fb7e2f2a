package hyper.http;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the API.
 *
 * @param auth the bearer-token check every route but {@code GET /} and {@code GET /health} needs; empty:
 *     anyone who reaches the port may (the original's behaviour, and the default)
 */
public record ApiAccess(Optional<JwtAuth> auth) {

    public ApiAccess {
        Objects.requireNonNull(auth);
    }

    /** No auth. */
    public static ApiAccess open() {
        return new ApiAccess(Optional.empty());
    }
}
