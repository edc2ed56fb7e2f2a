package hyper.core.cache;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import java.util.regex.Pattern;

/** A cache key: a lower-case letter, then lower-case letters, digits and {@code _ ~ $ + / -}. */
public record CacheKey(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_~$+/-]*");

    public CacheKey {
        if (value == null || value.length() > 1024 || !VALID.matcher(value).matches()) {
            throw HyperException.of(Fact.KEY_INVALID);
        }
    }

    public static CacheKey of(String raw) {
        return new CacheKey(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
