package hyper.server;

import hyper.core.HyperException;
import java.util.List;
import java.util.Map;

/** Argument checks with the original's validation messages ({@code Invalid Arguments 'x': ...}). */
final class Args {

    private Args() {}

    /** The JSON type name the original's messages use. */
    static String typeOf(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "string";
            case Number n -> "number";
            case Boolean b -> "boolean";
            case List<?> l -> "array";
            case Map<?, ?> m -> "object";
            default -> "unknown";
        };
    }

    /** {@code body[field]}, which must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw invalid(field, value == null && !body.containsKey(field) ? null : "object", value);
    }

    /**
     * The 422 for a field that is missing ({@code expected == null}) or of the wrong type.
     */
    static HyperException invalid(String field, String expected, Object actual) {
        if (expected == null) {
            return HyperException.unprocessable("Invalid Arguments '" + field + "': Required.");
        }
        return HyperException.unprocessable("Invalid Arguments '" + field + "': Expected " + expected
                + ", received " + typeOf(actual) + ".");
    }
}
