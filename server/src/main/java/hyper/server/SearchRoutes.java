package hyper.server;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.HyperException;
import hyper.core.search.IndexFields;
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
            String index = index(call);
            Map<String, Object> doc = call.jsonObject(Call.JSON_LIMIT, "doc");
            search.update(index, call.param("key"), doc);
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
        String index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "mappings");
        if (!body.containsKey("fields")) {
            throw Args.invalid("mappings", null, null);
        }
        List<String> fields = strings(body, "fields");
        List<String> storeFields = body.containsKey("storeFields") ? strings(body, "storeFields") : List.of();
        search.createIndex(index, new IndexFields(fields, storeFields));
        call.ok(201);
    }

    private void add(Call call) {
        String index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "doc");
        if (!(body.get("key") instanceof String key)) {
            throw Args.invalid("key", body.get("key") == null && !body.containsKey("key") ? null : "string", body.get("key"));
        }
        search.add(index, key, Args.object(body, "doc"));
        call.ok(201);
    }

    private void query(Call call) {
        String index = index(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "query");
        Object text = body.get("query");
        if (text == null && !body.containsKey("query")) {
            throw Args.invalid("q", null, null);
        }
        if (!(text instanceof String query)) {
            throw Args.invalid("q", "string", text);
        }
        if (query.isEmpty()) {
            throw HyperException.unprocessable("query is required!");
        }
        Optional<List<String>> fields = body.get("fields") == null ? Optional.empty() : Optional.of(strings(body, "fields"));
        Map<String, Object> filter = body.get("filter") == null ? Map.of() : Args.object(body, "filter");
        call.ok(200, "matches", search.query(index, new SearchQuery(query, fields, filter)));
    }

    private void load(Call call) {
        String index = index(call);
        JsonNode body = call.json(Call.JSON_LIMIT);
        if (!body.isArray()) {
            throw Args.invalid("docs", "array", Map.of());
        }
        List<Map<String, Object>> docs = new ArrayList<>(body.size());
        for (JsonNode doc : body) {
            if (!doc.isObject()) {
                throw HyperException.unprocessable("Invalid Arguments 'docs': every document must be an object.");
            }
            docs.add(Json.toMap(doc));
        }
        call.ok(201, "results", search.load(index, docs));
    }

    /** {@code body[field]}: an array of strings. */
    private static List<String> strings(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof List<?> list)) {
            throw Args.invalid(field, "array", value);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw Args.invalid(field, "string", item);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static String index(Call call) {
        return call.param("index");
    }
}
