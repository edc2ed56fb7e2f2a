package hyper.http;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.BulkResult;
import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.data.DataPort;
import hyper.core.data.DatabaseName;
import hyper.core.data.Documents;
import hyper.core.data.IndexSpec;
import hyper.core.data.ListOptions;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data routes of the hyper API: parse and check the request in the original's terms (its statuses and
 * validation messages), call the port, send the envelope.
 */
final class DataRoutes implements Router.Routes {

    /** {@code _query} returns at most this many documents unless told otherwise (Q12). */
    static final int DEFAULT_QUERY_LIMIT = 25;

    private final DataPort data;

    DataRoutes(DataPort data) {
        this.data = data;
    }

    @Override
    public Optional<Service> service() {
        return Optional.of(Service.DATA);
    }

    @Override
    public void register(Router r) {
        r.get("/data", call -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "hyper Data");
            info.put("version", "1.0.1");
            info.put("status", "unstable");
            call.send(200, info);
        });
        r.put("/data/{db}", call -> {
            data.createDatabase(db(call));
            call.ok(201);
        });
        r.delete("/data/{db}", call -> {
            data.removeDatabase(db(call));
            call.ok(200);
        });
        r.get("/data/{db}", this::list);
        r.post("/data/{db}", this::create);
        r.post("/data/{db}/_query", this::query);
        r.post("/data/{db}/_index", this::index);
        r.post("/data/{db}/_bulk", this::bulk);
        r.get("/data/{db}/{id}", this::get);
        r.put("/data/{db}/{id}", this::replace);
        r.delete("/data/{db}/{id}", call -> {
            String id = call.param("id");
            data.remove(db(call), id);
            call.ok(200, "id", id);
        });
    }

    private void create(Call call) {
        Map<String, Object> doc = call.jsonObject(Call.DOCUMENT_LIMIT, "doc");
        if (doc.isEmpty()) {
            throw HyperException.refused("document empty");
        }
        if (Documents.hasInvalidId(doc)) {
            throw Args.wrongType("id", "string", doc.get("_id"));
        }
        checkFieldNames(doc, "");
        Map<String, Object> stored = Documents.identified(doc);
        call.ok(201, "id", data.create(db(call), stored));
    }

    private void get(Call call) {
        Map<String, Object> doc = data.get(db(call), call.param("id"));
        if (call.legacyGet()) {
            call.send(200, doc);
        } else {
            call.ok(200, "doc", doc);
        }
    }

    private void replace(Call call) {
        String id = call.param("id");
        Map<String, Object> doc = call.jsonObject(Call.DOCUMENT_LIMIT, "doc");
        if (doc.containsKey("_id") && !id.equals(doc.get("_id"))) {
            throw HyperException.refused("_id in body does not match id"); // Q14
        }
        checkFieldNames(doc, "");
        data.replace(db(call), id, Documents.withId(id, doc));
        call.ok(200, "id", id);
    }

    private void list(Call call) {
        ListOptions options = new ListOptions(
                count(call.query("limit").orElse(null), "limit", 0),
                call.query("startkey").filter(s -> !s.isEmpty()),
                call.query("endkey").filter(s -> !s.isEmpty()),
                call.query("keys").filter(s -> !s.isEmpty()).map(k -> Arrays.asList(k.split(",", -1))),
                descending(call.query("descending").orElse("")));
        call.ok(200, "docs", data.list(db(call), options));
    }

    private void query(Call call) {
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "query");
        Object selector = body.get("selector");
        if (selector != null && !(selector instanceof Map)) {
            throw Args.wrongType("selector", "object", selector);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = selector == null ? Map.of() : (Map<String, Object>) selector;
        int limit = count(body.get("limit"), "limit", DEFAULT_QUERY_LIMIT);
        Query query = new Query(filter, fields(body.get("fields")), sort(body.get("sort"), "sort"),
                limit == 0 ? DEFAULT_QUERY_LIMIT : limit, count(body.get("skip"), "skip", 0));
        // use_index is accepted and ignored (Q13): the engine picks its own index.
        call.ok(200, "docs", data.query(db(call), query));
    }

    private void index(Call call) {
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "index");
        String name = Args.string(body, "name");
        if (name.isEmpty()) {
            throw Args.invalid("name", "String must contain at least 1 character(s).");
        }
        if (body.get("fields") == null) {
            throw Args.union("fields", "Required");
        }
        List<SortField> fields = sort(body.get("fields"), "fields");
        if (fields.isEmpty()) {
            throw Args.union("fields", "Array must contain at least 1 element(s)");
        }
        Object partial = body.get("partialFilter");
        if (partial != null && !(partial instanceof Map)) {
            throw Args.wrongType("partialFilter", "object", partial);
        }
        @SuppressWarnings("unchecked")
        Optional<Map<String, Object>> partialFilter = Optional.ofNullable((Map<String, Object>) partial);
        // "type" is ignored (Q13): hyper-connect always sends "JSON".
        data.index(db(call), new IndexSpec(name, fields, partialFilter));
        call.ok(201);
    }

    /**
     * Q7: every document is checked before anything is written; a missing {@code _id} gets a generated one
     * (reported in the results), any other non-string {@code _id} rejects the whole batch.
     */
    private void bulk(Call call) {
        JsonNode body = call.json(Call.JSON_LIMIT);
        if (!body.isArray()) {
            throw Args.wrongType("docs", "array", Map.of());
        }
        List<Object> items = Json.toList(body);
        List<Map<String, Object>> docs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw Args.invalid("docs", "document " + i + ": Expected object, received "
                        + Args.typeOf(items.get(i)) + ".");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) item;
            if (Documents.hasInvalidId(doc)) {
                throw Args.invalid("docs", "document " + i + " '_id': Expected string, received "
                        + Args.typeOf(doc.get("_id")) + ".");
            }
            checkFieldNames(doc, "document " + i + ": ");
            docs.add(Documents.identified(doc));
        }
        List<Map<String, Object>> results = new ArrayList<>(docs.size());
        for (BulkResult result : data.bulk(db(call), docs)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ok", result.ok());
            entry.put("id", result.id());
            results.add(entry);
        }
        call.ok(201, "results", results);
    }

    /**
     * Top-level names starting with {@code $} read as update operators; the original's driver refused them
     * (a 500 there), here they are a 400 before anything is written.
     */
    private static void checkFieldNames(Map<String, Object> doc, String where) {
        Documents.operatorField(doc).ifPresent(field -> {
            throw HyperException.refused(where + "field names cannot start with '$': " + field);
        });
    }

    private static DatabaseName db(Call call) {
        return DatabaseName.of(call.param("db"));
    }

    /**
     * Q5: {@code true} and {@code 1} (and any other non-empty value, as in the original) sort descending;
     * {@code false}, {@code 0}, empty or absent sort ascending.
     */
    static boolean descending(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("false") || v.equals("0"));
    }

    /** A non-negative whole number given as a JSON number or a numeric string; absent = {@code absent}. */
    private static int count(Object value, String name, int absent) {
        double number;
        switch (value) {
            case null -> {
                return absent;
            }
            case Number n -> number = n.doubleValue();
            case String s when s.isBlank() -> {
                return absent;
            }
            case String s -> {
                try {
                    number = Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    throw Args.wrongType(name, "number", s);
                }
            }
            default -> throw Args.wrongType(name, "number", value);
        }
        if (Double.isNaN(number) || number < 0) {
            throw Args.invalid(name, "Number must be greater than or equal to 0.");
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(number));
    }

    private static Optional<List<String>> fields(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw Args.wrongType("fields", "array", value);
        }
        List<String> fields = new ArrayList<>(list.size());
        for (Object field : list) {
            if (!(field instanceof String name) || name.isEmpty()) {
                throw Args.wrongType("fields", "string", field);
            }
            fields.add(name);
        }
        return Optional.of(fields);
    }

    /**
     * A sort (or index key) list: all strings (ascending), or all one-key objects {@code {"field":"ASC"|"DESC"}}.
     * Anything else is the original's 400 union error.
     */
    private static List<SortField> sort(Object value, String name) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw Args.union(name, "Expected array, received " + Args.typeOf(value));
        }
        List<SortField> sort = new ArrayList<>(list.size());
        boolean strings = !list.isEmpty() && list.getFirst() instanceof String;
        for (Object item : list) {
            if (strings) {
                if (!(item instanceof String field) || field.isEmpty()) {
                    throw Args.union(name, "Expected string, received " + Args.typeOf(item));
                }
                sort.add(new SortField(field, false));
            } else {
                if (!(item instanceof Map<?, ?> map) || map.isEmpty()) {
                    throw Args.union(name, "Expected object, received " + Args.typeOf(item));
                }
                var first = map.entrySet().iterator().next(); // only the first key counts, as in the original
                if (!"ASC".equals(first.getValue()) && !"DESC".equals(first.getValue())) {
                    throw Args.union(name, "Invalid enum value. Expected 'ASC' | 'DESC', received '" + first.getValue() + "'");
                }
                sort.add(new SortField(String.valueOf(first.getKey()), "DESC".equals(first.getValue())));
            }
        }
        return sort;
    }
}
