package hyper.http;

import hyper.core.HyperException;
import java.util.List;
import java.util.Map;

/**
 * Argument checks, with the original's validation messages: {@code Invalid Arguments 'x': ...} (422) and
 * {@code Invalid Union 'x': ...} (400). Every such message of the API is written here.
 */
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

    /** {@code body[field]}, which must be a string: absent is "Required", anything else (null too) the wrong type. */
    static String string(Map<String, Object> body, String field) {
        return string(body, field, field);
    }

    /** As {@link #string(Map, String)}, named {@code argument} in the message. */
    static String string(Map<String, Object> body, String field, String argument) {
        if (body.get(field) instanceof String s) {
            return s;
        }
        throw body.containsKey(field) ? wrongType(argument, "string", body.get(field)) : required(argument);
    }

    /** {@code body[field]}, which must be a JSON object (same rules as {@link #string(Map, String)}). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String field) {
        if (body.get(field) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw body.containsKey(field) ? wrongType(field, "object", body.get(field)) : required(field);
    }

    /** The 422 for a missing argument. */
    static HyperException required(String argument) {
        return invalid(argument, "Required.");
    }

    /** The 422 for an argument of the wrong JSON type. */
    static HyperException wrongType(String argument, String expected, Object actual) {
        return invalid(argument, "Expected " + expected + ", received " + typeOf(actual) + ".");
    }

    /** The 422 {@code Invalid Arguments 'argument': problem}. */
    static HyperException invalid(String argument, String problem) {
        return HyperException.invalid("Invalid Arguments '" + argument + "': " + problem);
    }

    /** The 400 {@code Invalid Union 'argument': problem.}, for arguments that may take several shapes. */
    static HyperException union(String argument, String problem) {
        return HyperException.refused("Invalid Union '" + argument + "': " + problem + ".");
    }
}
