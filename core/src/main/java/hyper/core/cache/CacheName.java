package hyper.core.cache;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.Service;
import hyper.core.StoreName;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A cache store name: lower-cased, then a letter or digit followed by letters, digits, {@code _ ~ -}.
 * Validated the same way on every route (the original checked it on some routes only).
 */
public record CacheName(String value) implements StoreName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_~-]*");

    public CacheName {
        if (value == null || value.length() > 255 || !VALID.matcher(value).matches()) {
            throw HyperException.of(Fact.NAME_INVALID);
        }
    }

    /** Lower-cases {@code raw} and validates it. */
    public static CacheName of(String raw) {
        return new CacheName(raw == null ? null : raw.toLowerCase(Locale.ROOT));
    }

    @Override
    public Service service() {
        return Service.CACHE;
    }

    @Override
    public String toString() {
        return value;
    }
}
