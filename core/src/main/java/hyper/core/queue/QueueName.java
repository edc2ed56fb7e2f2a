package hyper.core.queue;

import hyper.core.HyperException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A queue name: lower-cased, then one or more of {@code a-z 0-9 _ ~ -}. Lower-cased and validated the same
 * way on every route (the original did so on create only, so other routes missed mixed-case names).
 */
public record QueueName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_~-]+");

    public QueueName {
        if (value == null || value.length() > 255 || !VALID.matcher(value).matches()) {
            throw HyperException.unprocessable("queue name is not valid!");
        }
    }

    /** Lower-cases {@code raw} and validates it; a 422 {@code queue name is not valid!} otherwise. */
    public static QueueName of(String raw) {
        return new QueueName(raw == null ? null : raw.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
