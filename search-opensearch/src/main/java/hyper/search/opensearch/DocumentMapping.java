package hyper.search.opensearch;

import hyper.core.search.IndexFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an index and its documents look on the engine. The mappings are fixed at creation and nothing is mapped
 * dynamically, so a document's values never decide a field's type (a {@code year} that is 1958 in one
 * document and {@code "1940"} in the next is no conflict). Each engine document holds:
 * <ul>
 *   <li>{@code key}: the hyper key, a keyword (paged listings sort on it);
 *   <li>{@code doc}: the stored JSON document as JSON text, kept in {@code _source} only: the engine's source
 *       filtering rebuilds objects with their keys in another order, while a string stays as written;
 *   <li>{@code t_<field>} per indexed field: its text (strings, numbers and booleans, arrays and objects
 *       flattened, as the Lucene adapter reads them), analysed by {@value #ANALYZER};
 *   <li>{@code f_<field>} per stored field: a keyword of its type and value ({@code s1960} for the string,
 *       {@code n1960.0} for the number), which a filter matches with an exact {@code term} query.
 * </ul>
 * Field names are encoded as index names are ({@link IndexNames#encode}), so any hyper field name is a
 * plain engine field name. The index's own description (hyper name, fields) sits in the mappings'
 * {@code _meta}.
 */
final class DocumentMapping {

    /** Standard tokenizer, lower case, accents folded to ASCII: the Lucene adapter's analyzer. */
    static final String ANALYZER = "hyper_text";
    static final String KEY = "key";
    static final String DOC = "doc";
    /** Longer filter values are indexed by their hash: Lucene refuses terms over 32 KiB. */
    private static final int MAX_KEYWORD_BYTES = 512;

    private DocumentMapping() {}

    static String textField(String field) {
        return "t_" + IndexNames.encode(field);
    }

    static String filterField(String field) {
        return "f_" + IndexNames.encode(field);
    }

    /** The body that creates the index with its analyzer, mappings, description and write alias. */
    static Map<String, Object> createBody(String name, IndexFields fields, String writeAlias) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(KEY, Map.of("type", "keyword"));
        properties.put(DOC, Map.of("type", "keyword", "index", false, "doc_values", false));
        for (String field : fields.fields()) {
            properties.put(textField(field), Map.of("type", "text", "analyzer", ANALYZER));
        }
        for (String field : fields.storeFields()) {
            properties.put(filterField(field), Map.of("type", "keyword"));
        }
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("dynamic", false);
        mappings.put("_source", Map.of("excludes", List.of("t_*", "f_*"))); // derived: kept once, in doc
        mappings.put("_meta", Map.of("hyper", Map.of("name", name, "fields", fields.fields(),
                "storeFields", fields.storeFields())));
        mappings.put("properties", properties);
        Map<String, Object> settings = Map.of(
                // one shard: term statistics, hence scores, are those of the whole index, as in Lucene
                "index", Map.of("number_of_shards", 1, "auto_expand_replicas", "0-1"),
                "analysis", Map.of("analyzer", Map.of(ANALYZER, Map.of("type", "custom", "tokenizer", "standard",
                        "filter", List.of("lowercase", "asciifolding")))));
        return Map.of("settings", settings, "mappings", mappings, "aliases", Map.of(writeAlias, Map.of()));
    }

    /** The fields an index was created with, from its mappings' {@code _meta}; null if it has none. */
    @SuppressWarnings("unchecked")
    static IndexFields fieldsOf(Map<String, Object> meta) {
        if (!(meta != null && meta.get("hyper") instanceof Map<?, ?> hyper)) {
            return null;
        }
        return new IndexFields(List.copyOf((List<String>) hyper.get("fields")),
                List.copyOf((List<String>) hyper.get("storeFields")));
    }

    /** The engine document of the stored document {@code stored} under {@code key}. */
    static Map<String, Object> engineDocument(IndexFields fields, String key, Map<String, Object> stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(KEY, key);
        try {
            body.put(DOC, OpenSearchClient.JSON.writeValueAsString(stored));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a document that is not JSON", e); // it was parsed from JSON
        }
        for (String field : fields.fields()) {
            List<String> texts = new ArrayList<>();
            TextTerms.text(stored.get(field), texts);
            if (!texts.isEmpty()) {
                body.put(textField(field), texts);
            }
        }
        for (String field : fields.storeFields()) {
            String keyword = stored.containsKey(field) ? filterKeyword(stored.get(field)) : null;
            if (keyword != null) {
                body.put(filterField(field), keyword);
            }
        }
        return body;
    }

    /**
     * The keyword a filter value is matched by: its type and value, so strict equality holds (numbers compare
     * as doubles, so 1 equals 1.0); null for values no filter can equal (arrays and objects compare by
     * identity in the original).
     */
    static String filterKeyword(Object value) {
        String keyword = switch (value) {
            case null -> "z";
            case String s -> "s" + s;
            case Number n -> "n" + Double.toString(n.doubleValue());
            case Boolean b -> "b" + b;
            default -> null;
        };
        if (keyword != null && keyword.getBytes(StandardCharsets.UTF_8).length > MAX_KEYWORD_BYTES) {
            keyword = "h" + IndexNames.hash(keyword);
        }
        return keyword;
    }

    /**
     * The engine's {@code _id} of a key: the key itself, except keys over the engine's 512 bytes and keys
     * starting with '#', which become '#' and a hash (so no key is taken for another's hash).
     */
    static String engineId(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length <= 512 && !key.startsWith("#")) {
            return key;
        }
        return "#" + IndexNames.hash(key);
    }
}
