package hyper.core.data;

import static hyper.core.data.Truthiness.isTruthy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The document rules of the data service, one home for each: which {@code _id} a document asks for, the
 * generated id when it asks for none, and the field names no engine may be given.
 */
public final class Documents {

    private Documents() {}

    /**
     * Whether the document's {@code _id} is unusable: present and truthy but not a string. A falsy
     * {@code _id} (absent, null, "", 0, false) counts as none, as in the original.
     */
    public static boolean hasInvalidId(Map<String, Object> doc) {
        Object id = doc.get("_id");
        return isTruthy(id) && !(id instanceof String);
    }

    /** The first top-level field name starting with {@code $}: MongoDB reads those as operators. */
    public static Optional<String> operatorField(Map<String, Object> doc) {
        return doc.keySet().stream().filter(k -> k.startsWith("$")).findFirst();
    }

    /** {@code doc} with its own {@code _id}, or a new {@link Cuid} when it has none (check {@link #hasInvalidId} first). */
    public static Map<String, Object> identified(Map<String, Object> doc) {
        Object id = doc.get("_id");
        return withId(isTruthy(id) ? (String) id : Cuid.next(), doc);
    }

    /** {@code doc} with {@code _id} first and set to {@code id}. */
    public static Map<String, Object> withId(String id, Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("_id", id);
        doc.forEach((k, v) -> {
            if (!k.equals("_id")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
