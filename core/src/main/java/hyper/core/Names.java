package hyper.core;

import hyper.core.HyperException.Fact;

/**
 * The rule shared by the store names that are otherwise free-form (databases, search indexes): any
 * non-empty string of at most {@value #MAX_LENGTH} characters, except what no engine or file system can hold
 * safely ({@code .}, {@code ..}, slashes, backslashes, NUL).
 */
public final class Names {

    /** The longest store name. */
    public static final int MAX_LENGTH = 255;

    private Names() {}

    /** Returns {@code name} if it is a safe store name; NAME_REQUIRED, NAME_INVALID or NAME_TOO_LONG otherwise. */
    public static String requireSafe(String name) {
        if (name == null || name.isEmpty()) {
            throw HyperException.of(Fact.NAME_REQUIRED);
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw HyperException.of(Fact.NAME_INVALID);
        }
        if (name.length() > MAX_LENGTH) {
            throw HyperException.of(Fact.NAME_TOO_LONG);
        }
        return name;
    }
}
