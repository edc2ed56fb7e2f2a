package hyper.core.queue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.Service;
import hyper.core.StoreName;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A queue name: lower-cased, then one or more of {@code a-z 0-9 _ ~ -}. Lower-cased and validated the same
 * way on every route (the original did so on create only, so other routes missed mixed-case names).
 */
public record QueueName(String value) implements StoreName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_~-]+");

    public QueueName {
        if (value == null || value.length() > 255 || !VALID.matcher(value).matches()) {
            throw HyperException.of(Fact.NAME_INVALID);
        }
    }

    /** Lower-cases {@code raw} and validates it; a 422 {@code queue name is not valid!} otherwise. */
    public static QueueName of(String raw) {
        return new QueueName(raw == null ? null : raw.toLowerCase(Locale.ROOT));
    }

    @Override
    public Service service() {
        return Service.QUEUE;
    }

    @Override
    public String toString() {
        return value;
    }
}
