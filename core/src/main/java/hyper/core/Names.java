package hyper.core;

/**
 * Name rules shared by services whose names are otherwise free-form (data databases, search indexes):
 * any non-empty string, except what no engine or file system can hold safely.
 */
public final class Names {

    private Names() {}

    /**
     * Returns {@code name} if it is safe to use as a store name, otherwise throws a 422.
     *
     * @param kind what the name is for, used in the message ("database", "index")
     */
    public static String requireSafe(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw HyperException.unprocessable(kind + " name is required");
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw HyperException.unprocessable(kind + " name is not valid");
        }
        if (name.length() > 255) {
            throw HyperException.unprocessable(kind + " name is too long (at most 255 characters)");
        }
        return name;
    }
}
