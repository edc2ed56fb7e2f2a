package hyper.core.data;

/**
 * JavaScript truthiness, which the original applies to document fields such as {@code _id} (absent when
 * falsy) and {@code _deleted} in bulk writes.
 */
public final class Truthiness {

    private Truthiness() {}

    /** False for null, false, 0, NaN and the empty string; true for everything else. */
    public static boolean isTruthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0 && !Double.isNaN(n.doubleValue());
            case String s -> !s.isEmpty();
            default -> true;
        };
    }
}
