package hyper.http;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchKeys;
import hyper.core.search.SearchPort;
import hyper.core.search.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The search routes of the hyper API. */
final class SearchRoutes implements Router.Routes {

    private final SearchPort search;

    SearchRoutes(SearchPort search) {
        this.search = search;
    }

    @Override
    public Optional<Service> service() {
        return Optional.of(Service.SEARCH);
    }

    @Override
    public void register(Router r) {
        r.get("/search", this::info);
        r.put("/search/{index}", this::create);
        r.delete("/search/{index}", call -> {
            search.removeIndex(index(call));
            call.ok(200);
        });
        r.post("/search/{index}", this::add);
        r.post("/search/{index}/_query", this::query);
        r.post("/search/{index}/_bulk", this::load);
        r.get("/search/{index}/{key}", call -> {
            String key = call.param("key");
            call.ok(200, "key", key, "doc", search.get(index(call), key));
        });
        r.put("/search/{index}/{key}", call -> {
            IndexName index = index(call);
            Map<String, Object> doc = call.jsonObject(Call.JSON_LIMIT, "doc");
            search.update(index, key(call.param("key")), doc);
            call.ok(200);
        });
        r.delete("/search/{index}/{key}", call -> {
            search.remove(index(call), call.param("key"));
            call.ok(200);
        });
    }

    private void info(Call call) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "hyper63 Search");
        info.put("version", "1.0");
        info.put("status", "unstable");
        call.send(200, info);
    }

    private void create(Call call) {
        IndexName index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "mappings");
        if (!body.containsKey("fields")) {
            throw Args.required("mappings");
        }
        List<String> fields = strings(body, "fields");
        List<String> storeFields = body.containsKey("storeFields") ? strings(body, "storeFields") : List.of();
        search.createIndex(index, new IndexFields(fields, storeFields));
        call.ok(201);
    }

    private void add(Call call) {
        IndexName index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "doc");
        String key = key(Args.string(body, "key"));
        search.add(index, key, Args.object(body, "doc"));
        call.ok(201);
    }

    private void query(Call call) {
        IndexName index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "query");
        String query = Args.string(body, "query", "q");
        if (query.isEmpty()) {
            throw HyperException.invalid("query is required!");
        }
        Optional<List<String>> fields = body.get("fields") == null ? Optional.empty() : Optional.of(strings(body, "fields"));
        Map<String, Object> filter = body.get("filter") == null ? Map.of() : Args.object(body, "filter");
        call.ok(200, "matches", search.query(index, new SearchQuery(query, fields, filter)));
    }

    private void load(Call call) {
        IndexName index = index(call);
        JsonNode body = call.json(Call.JSON_LIMIT);
        if (!body.isArray()) {
            throw Args.wrongType("docs", "array", Map.of());
        }
        List<Map<String, Object>> docs = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            if (!node.isObject()) {
                throw Args.invalid("docs", "every document must be an object.");
            }
            Map<String, Object> doc = Json.toMap(node);
            int position = docs.size();
            key(SearchKeys.ofBulkDocument(doc).orElseThrow(() -> Args.invalid("docs",
                    "document " + position + " has no _id or id (a string or a number).")));
            docs.add(doc);
        }
        call.ok(201, "results", search.load(index, docs));
    }

    /** {@code body[field]}: an array of strings. */
    private static List<String> strings(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof List<?> list)) {
            throw Args.wrongType(field, "array", value);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw Args.wrongType(field, "string", item);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static IndexName index(Call call) {
        return IndexName.of(call.param("index"));
    }

    /** {@code key} if it can key a document (see {@link SearchKeys}). */
    private static String key(String key) {
        if (key.isEmpty()) {
            throw Args.invalid("key", "String must contain at least 1 character(s).");
        }
        if (!SearchKeys.isValid(key)) {
            throw Args.invalid("key", "longer than " + SearchKeys.MAX_BYTES + " bytes.");
        }
        return key;
    }
}
