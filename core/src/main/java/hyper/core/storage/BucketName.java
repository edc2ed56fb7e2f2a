package hyper.core.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.HyperException.Reason;
import hyper.core.Service;
import hyper.core.StoreName;

/**
 * A bucket name: not empty, no {@code ..}, not {@code .}, no NUL, no slash or backslash; case and spaces
 * are kept. A bad bucket name is a BAD_REQUEST, as in the original (the other services answer 422).
 */
public record BucketName(String value) implements StoreName {

    public BucketName {
        if (value == null || value.isEmpty()) {
            throw bad(Fact.NAME_REQUIRED);
        }
        if (value.contains("..") || value.equals(".") || value.indexOf('\0') >= 0) {
            throw bad(Fact.PATH_RELATIVE);
        }
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw bad(Fact.NAME_HAS_SLASH);
        }
    }

    public static BucketName of(String raw) {
        return new BucketName(raw);
    }

    private static HyperException bad(Fact fact) {
        return new HyperException(Reason.BAD_REQUEST, fact, "", null);
    }

    @Override
    public Service service() {
        return Service.STORAGE;
    }

    @Override
    public String toString() {
        return value;
    }
}
