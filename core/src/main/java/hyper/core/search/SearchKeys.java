package hyper.core.search;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules for the keys of search documents, one home for each. */
public final class SearchKeys {

    /** The longest key in UTF-8 bytes (Lucene keywords are limited to 32 KiB; no sane key comes close). */
    public static final int MAX_BYTES = 4096;

    private SearchKeys() {}

    /** Whether {@code key} can key a document: not empty, at most {@value #MAX_BYTES} bytes. */
    public static boolean isValid(String key) {
        return !key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /**
     * The key of a document in a bulk load, as the original's {@code doc._id || doc.id}: the first of the two
     * that is a non-empty string or a number; empty when neither is.
     */
    public static Optional<String> ofBulkDocument(Map<String, Object> doc) {
        for (String field : List.of("_id", "id")) {
            switch (doc.get(field)) {
                case String s when !s.isEmpty() -> {
                    return Optional.of(s);
                }
                case Number n -> {
                    return Optional.of(n.toString());
                }
                case null, default -> { }
            }
        }
        return Optional.empty();
    }
}
