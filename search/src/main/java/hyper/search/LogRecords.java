package hyper.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;

/**
 * What the write-ahead log holds: one JSON record per change ({@code put}, {@code delete}, or {@code bulk} for
 * a whole load, so that a replay never holds part of one), and how a record is applied again at open.
 */
final class LogRecords {

    private LogRecords() {}

    static byte[] put(String key, Map<String, Object> source) {
        return record("put", key, source);
    }

    static byte[] delete(String key) {
        return record("delete", key, null);
    }

    static byte[] bulk(Map<String, Map<String, Object>> sourcesByKey) {
        return Sources.write(Map.of("op", "bulk", "docs", sourcesByKey));
    }

    private static byte[] record(String op, String key, Map<String, Object> source) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("op", op);
        record.put("key", key);
        if (source != null) {
            record.put("doc", source);
        }
        return Sources.write(record);
    }

    /** Applies a logged change again; every change is idempotent, so one already committed is harmless. */
    @SuppressWarnings("unchecked")
    static void replay(IndexWriter target, DocumentMapping mapping, byte[] bytes) {
        Map<String, Object> record = Sources.read(bytes, 0, bytes.length);
        try {
            switch ((String) record.get("op")) {
                case "put" -> {
                    String key = (String) record.get("key");
                    target.updateDocument(DocumentMapping.keyTerm(key),
                            mapping.toDocument(key, (Map<String, Object>) record.get("doc")));
                }
                case "delete" -> target.deleteDocuments(DocumentMapping.keyTerm((String) record.get("key")));
                case "bulk" -> {
                    for (var e : ((Map<String, Map<String, Object>>) record.get("docs")).entrySet()) {
                        target.updateDocument(DocumentMapping.keyTerm(e.getKey()),
                                mapping.toDocument(e.getKey(), e.getValue()));
                    }
                }
                default -> throw new IllegalStateException("unknown log record " + record.get("op"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
