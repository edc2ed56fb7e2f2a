package hyper.search.opensearch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.BulkResult;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchHits;
import hyper.core.search.SearchKeys;
import hyper.core.search.SearchPort;
import hyper.core.search.SearchQuery;
import hyper.search.opensearch.OpenSearchClient.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static hyper.search.opensearch.OpenSearchClient.segment;

/**
 * The search port on an OpenSearch cluster: one engine index per hyper index (see {@link IndexNames} and
 * {@link DocumentMapping}), the Lucene adapter's query built as an OpenSearch {@code bool} query. Every
 * write asks for {@code refresh=true}, so it is searchable when it returns, and the engine's translog is
 * synced before it answers (the default {@code index.translog.durability: request}), so it is durable.
 */
final class OpenSearchSearch implements SearchPort {

    /** Results of one query at most: the engine's default {@code index.max_result_window}. */
    static final int MAX_MATCHES = 10_000;
    private static final int FUZZY_EXPANSIONS = 20;
    private static final String PREFIX_SCORED_REWRITE = "top_terms_blended_freqs_32";
    private static final String WRITE = "?require_alias=true&refresh=true";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final OpenSearchClient engine;
    private final String prefix;
    /** The fields of each index (by engine name), read once from its mappings; dropped when it is removed. */
    private final Map<String, IndexFields> fieldsByIndex = new ConcurrentHashMap<>();

    OpenSearchSearch(OpenSearchClient engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    private IndexNames names(IndexName index) {
        return IndexNames.of(prefix, index);
    }

    // ---- indexes -------------------------------------------------------------------------------------

    @Override
    public void createIndex(IndexName index, IndexFields fields) {
        IndexNames names = names(index);
        Reply reply = engine.send("PUT", "/" + segment(names.index()),
                DocumentMapping.createBody(index.value(), fields, names.writeAlias()));
        if (reply.ok()) {
            fieldsByIndex.put(names.index(), fields);
            return;
        }
        switch (reply.errorType()) {
            case "resource_already_exists_exception" -> throw HyperException.of(Fact.STORE_EXISTS);
            case "invalid_index_name_exception" -> throw HyperException.of(Fact.NAME_INVALID);
            default -> throw engine.unexpected(reply, "creating index " + names.index());
        }
    }

    @Override
    public void removeIndex(IndexName index) {
        IndexNames names = names(index);
        Reply reply = engine.send("DELETE", "/" + segment(names.index()), null);
        if (!reply.ok() && reply.status() != 404) {
            throw engine.unexpected(reply, "deleting index " + names.index());
        }
        fieldsByIndex.remove(names.index());
    }

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(ownIndexes().size());
    }

    @Override
    public List<StoreInfo> listStores() {
        Map<String, String> hyperNames = ownIndexes();
        Map<String, Long> counts = new HashMap<>();
        if (!hyperNames.isEmpty()) {
            Reply reply = engine.send("GET", "/_cat/indices/" + segment(IndexNames.pattern(prefix)).replace("%2A", "*")
                    + "?format=json&h=index,docs.count", null);
            if (!reply.ok()) {
                throw engine.unexpected(reply, "counting documents");
            }
            reply.body().forEach(row -> counts.put(row.path("index").asText(), row.path("docs.count").asLong(0)));
        }
        return hyperNames.entrySet().stream()
                .map(e -> new StoreInfo(e.getValue(), counts.containsKey(e.getKey())
                        ? OptionalLong.of(counts.get(e.getKey())) : OptionalLong.empty()))
                .sorted(Comparator.comparing(StoreInfo::name)).toList();
    }

    /** Engine name to hyper name of every index of this prefix. */
    private Map<String, String> ownIndexes() {
        Reply reply = engine.send("GET", "/" + segment(IndexNames.pattern(prefix)).replace("%2A", "*") + "/_mapping", null);
        if (!reply.ok()) {
            throw engine.unexpected(reply, "listing indexes");
        }
        Map<String, String> own = new HashMap<>();
        reply.body().properties().forEach(e -> {
            JsonNode hyper = e.getValue().path("mappings").path("_meta").path("hyper");
            if (IndexNames.isOwn(prefix, e.getKey()) && hyper.path("name").isTextual()) {
                own.put(e.getKey(), hyper.path("name").asText());
            }
        });
        return own;
    }

    @Override
    public IndexFields fields(IndexName index) {
        return fieldsOf(names(index));
    }

    /** The index's fields; STORE_NOT_FOUND if there is no such index. */
    private IndexFields fieldsOf(IndexNames names) {
        IndexFields known = fieldsByIndex.get(names.index());
        if (known != null) {
            return known;
        }
        Reply reply = engine.send("GET", "/" + segment(names.index()) + "/_mapping", null);
        if (reply.status() == 404) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, "reading the mappings of " + names.index());
        }
        JsonNode meta = reply.body().path(names.index()).path("mappings").path("_meta");
        IndexFields fields = DocumentMapping.fieldsOf(OpenSearchClient.JSON.convertValue(meta, MAP));
        if (fields == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND); // an index of that name, but not one of ours
        }
        fieldsByIndex.put(names.index(), fields);
        return fields;
    }

    @Override
    public List<Map<String, Object>> documents(IndexName index, String from, int limit) {
        IndexNames names = names(index);
        fieldsOf(names);
        if (limit <= 0) {
            return List.of();
        }
        Map<String, Object> search = Map.of("size", Math.min(limit, MAX_MATCHES),
                "query", Map.of("range", Map.of(DocumentMapping.KEY, Map.of("gte", from))),
                "sort", List.of(Map.of(DocumentMapping.KEY, "asc")), "_source", List.of(DocumentMapping.DOC));
        JsonNode hits = search(names, search);
        List<Map<String, Object>> docs = new ArrayList<>();
        hits.forEach(hit -> docs.add(storedDocument(hit)));
        return docs;
    }

    // ---- documents -----------------------------------------------------------------------------------

    @Override
    public void add(IndexName index, String key, Map<String, Object> doc) {
        IndexNames names = names(index);
        Map<String, Object> stored = stored(key, doc);
        Reply reply = engine.send("PUT", "/" + segment(names.writeAlias()) + "/_create/"
                + segment(DocumentMapping.engineId(key)) + WRITE,
                DocumentMapping.engineDocument(fieldsOf(names), key, stored));
        if (reply.status() == 409) {
            throw HyperException.of(Fact.ITEM_EXISTS);
        }
        requireWritten(reply, names, "adding a document");
    }

    @Override
    public Map<String, Object> get(IndexName index, String key) {
        IndexNames names = names(index);
        Reply reply = engine.send("GET", "/" + segment(names.index()) + "/_doc/"
                + segment(DocumentMapping.engineId(key)) + "?_source=" + DocumentMapping.DOC, null);
        if (reply.status() == 404) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND); // also in a missing index: the key cannot exist
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, "reading a document");
        }
        return storedDocument(reply.body());
    }

    @Override
    public void update(IndexName index, String key, Map<String, Object> doc) {
        IndexNames names = names(index);
        Reply reply = engine.send("PUT", "/" + segment(names.writeAlias()) + "/_doc/"
                + segment(DocumentMapping.engineId(key)) + WRITE,
                DocumentMapping.engineDocument(fieldsOf(names), key, stored(key, doc)));
        requireWritten(reply, names, "replacing a document");
    }

    @Override
    public void remove(IndexName index, String key) {
        IndexNames names = names(index);
        fieldsOf(names); // a delete must not create the index
        Reply reply = engine.send("DELETE", "/" + segment(names.writeAlias()) + "/_doc/"
                + segment(DocumentMapping.engineId(key)) + "?refresh=true", null);
        if (reply.status() == 404) {
            if (isMissingIndex(reply)) {
                forget(names);
                throw HyperException.of(Fact.STORE_NOT_FOUND);
            }
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, "removing a document");
        }
    }

    private void requireWritten(Reply reply, IndexNames names, String what) {
        if (reply.status() == 404 && isMissingIndex(reply)) {
            forget(names);
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, what);
        }
    }

    private void forget(IndexNames names) {
        fieldsByIndex.remove(names.index());
    }

    private static boolean isMissingIndex(Reply reply) {
        return reply.errorType().equals("index_not_found_exception");
    }

    /** {@code {_id: key, ...doc}}: a {@code _id} inside the document wins, as in the original. */
    private static Map<String, Object> stored(String key, Map<String, Object> doc) {
        requireKey(key);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("_id", key);
        stored.putAll(doc);
        return stored;
    }

    /** The HTTP layer checks keys first; this guards callers that do not. */
    private static String requireKey(String key) {
        if (!SearchKeys.isValid(key)) {
            throw HyperException.invalid("key is not valid");
        }
        return key;
    }

    private static Map<String, Object> storedDocument(JsonNode hit) {
        try {
            return OpenSearchClient.JSON.readValue(hit.path("_source").path(DocumentMapping.DOC).asText(), MAP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HyperException.failed("a stored document on the search engine is not JSON", e);
        }
    }

    // ---- query ---------------------------------------------------------------------------------------

    @Override
    public List<Map<String, Object>> query(IndexName index, SearchQuery request) {
        IndexNames names = names(index);
        IndexFields fields = fieldsOf(names);
        List<String> analysed = analyse(names, request.query());
        List<String> searched = request.fields()
                .map(asked -> asked.stream().filter(fields.fields()::contains).distinct().toList())
                .orElse(fields.fields());
        if (analysed.isEmpty() || searched.isEmpty()) {
            return List.of();
        }
        List<String> queryTerms = List.copyOf(new LinkedHashSet<>(analysed));
        String last = analysed.getLast();

        List<Object> text = new ArrayList<>();
        for (String term : queryTerms) {
            for (String field : searched) {
                text.add(termQuery(DocumentMapping.textField(field), term, term.equals(last)));
            }
        }
        List<Object> filters = new ArrayList<>();
        for (Map.Entry<String, Object> constraint : request.filter().entrySet()) {
            String keyword = DocumentMapping.filterKeyword(constraint.getValue());
            if (keyword == null || !fields.storeFields().contains(constraint.getKey())) {
                return List.of(); // nothing stored can equal it
            }
            filters.add(Map.of("term", Map.of(DocumentMapping.filterField(constraint.getKey()), keyword)));
        }
        Map<String, Object> query = Map.of("bool", Map.of("must", List.of(Map.of("bool", Map.of("should", text))),
                "filter", filters));
        JsonNode hits = search(names, Map.of("size", MAX_MATCHES, "query", query,
                "_source", List.of(DocumentMapping.DOC)));
        List<Map<String, Object>> matches = new ArrayList<>(hits.size());
        hits.forEach(hit -> matches.add(match(fields, storedDocument(hit), (float) hit.path("_score").asDouble(),
                queryTerms, last, searched)));
        return matches;
    }

    /** The terms of the query text, by the index's own analyzer. */
    private List<String> analyse(IndexNames names, String text) {
        Reply reply = engine.send("POST", "/" + segment(names.index()) + "/_analyze",
                Map.of("analyzer", DocumentMapping.ANALYZER, "text", text));
        if (reply.status() == 404 && isMissingIndex(reply)) {
            forget(names);
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, "analysing a query");
        }
        List<String> terms = new ArrayList<>();
        reply.body().path("tokens").forEach(token -> terms.add(token.path("token").asText()));
        return terms;
    }

    /**
     * One query term against one field, as the Lucene adapter builds it: the exact term; small typos (boosted
     * below exact); and for the last term, words it begins (both a constant score, so no completion is lost
     * on large indexes, and the best-scored completions).
     */
    private static Map<String, Object> termQuery(String field, String term, boolean isLast) {
        List<Object> any = new ArrayList<>();
        any.add(Map.of("term", Map.of(field, Map.of("value", term))));
        int edits = TextTerms.maxEdits(term);
        if (edits > 0) {
            any.add(Map.of("fuzzy", Map.of(field, Map.of("value", term, "fuzziness", edits, "prefix_length", 0,
                    "max_expansions", FUZZY_EXPANSIONS, "transpositions", true, "boost", 0.5))));
        }
        if (isLast && term.length() >= TextTerms.PREFIX_MIN_LENGTH) {
            any.add(Map.of("prefix", Map.of(field, Map.of("value", term, "boost", 0.2))));
            any.add(Map.of("prefix", Map.of(field, Map.of("value", term, "boost", 0.4,
                    "rewrite", PREFIX_SCORED_REWRITE))));
        }
        return Map.of("bool", Map.of("should", any));
    }

    /** The hits of a search, best first (or in the search's sort). */
    private JsonNode search(IndexNames names, Map<String, Object> body) {
        Reply reply = engine.send("POST", "/" + segment(names.index()) + "/_search", body);
        if (reply.status() == 404 && isMissingIndex(reply)) {
            forget(names);
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        // too many words times fields (400), or too many of their variants once the shards expanded them (a
        // shard failure, 500)
        String refusal = reply.ok() ? "" : reply.body().toString();
        if (refusal.contains("too_many_clauses") || refusal.contains("too_many_nested_clauses")) {
            throw tooManyClauses(refusal);
        }
        if (!reply.ok()) {
            throw engine.unexpected(reply, "searching " + names.index());
        }
        return reply.body().path("hits").path("hits");
    }

    /** The engine's reason reads "maxClauseCount is set to 1024" (OpenSearch 2 and 3). */
    private static final Pattern MAX_CLAUSES = Pattern.compile("maxClauseCount is set to (\\d{1,9})");

    /** The embedded engine's answer to the same query: the limit, when the engine's reason names it. */
    static HyperException tooManyClauses(String engineReason) {
        Matcher limit = MAX_CLAUSES.matcher(engineReason);
        return limit.find() ? SearchQuery.tooLong(Integer.parseInt(limit.group(1))) : SearchQuery.tooLong();
    }

    /** {@code {id, score, terms, queryTerms, match, ...stored fields}}, as the original's results. */
    private static Map<String, Object> match(IndexFields fields, Map<String, Object> source, float score,
            List<String> queryTerms, String last, List<String> searched) {
        Set<String> matchedQueryTerms = new LinkedHashSet<>();
        Map<String, List<String>> match = new LinkedHashMap<>();
        for (String field : searched) {
            List<String> texts = new ArrayList<>();
            TextTerms.text(source.get(field), texts);
            for (String text : texts) {
                for (String docTerm : TextTerms.words(text)) {
                    for (String queryTerm : queryTerms) {
                        if (TextTerms.matches(queryTerm, queryTerm.equals(last), docTerm)) {
                            matchedQueryTerms.add(queryTerm);
                            List<String> inFields = match.computeIfAbsent(docTerm, k -> new ArrayList<>());
                            if (!inFields.contains(field)) {
                                inFields.add(field);
                            }
                        }
                    }
                }
            }
        }
        return SearchHits.hit(source, score, match, matchedQueryTerms, fields);
    }

    // ---- bulk ----------------------------------------------------------------------------------------

    /**
     * Checks every document (each needs an {@code _id} or {@code id}, no key twice, no key taken), then
     * creates them all in one {@code _bulk}. Should a concurrent writer take a key between the check and the
     * bulk, the documents this bulk created are deleted again, so the batch stays all or none.
     */
    @Override
    public List<BulkResult> load(IndexName index, List<Map<String, Object>> docs) {
        IndexNames names = names(index);
        IndexFields fields = fieldsOf(names);
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (int n = 0; n < docs.size(); n++) {
            Map<String, Object> doc = docs.get(n);
            int position = n;
            String key = requireKey(SearchKeys.ofBulkDocument(doc)
                    .orElseThrow(() -> HyperException.invalid("document " + position + " has no key")));
            Map<String, Object> stored = new LinkedHashMap<>(doc);
            stored.put("_id", key);
            if (byKey.put(key, stored) != null) {
                throw HyperException.of(Fact.ITEM_REPEATED, key);
            }
        }
        if (byKey.isEmpty()) {
            return List.of();
        }
        List<String> keys = List.copyOf(byKey.keySet());
        Reply existing = engine.send("POST", "/" + segment(names.index()) + "/_mget?_source=false",
                Map.of("ids", keys.stream().map(DocumentMapping::engineId).toList()));
        requireWritten(existing, names, "checking keys");
        JsonNode found = existing.body().path("docs");
        for (int i = 0; i < keys.size(); i++) {
            if (found.path(i).path("found").asBoolean(false)) {
                throw HyperException.of(Fact.ITEM_EXISTS, keys.get(i));
            }
        }
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Map<String, Object>> e : byKey.entrySet()) {
            lines.append(json(Map.of("create", Map.of("_index", names.writeAlias(),
                    "_id", DocumentMapping.engineId(e.getKey()))))).append('\n');
            lines.append(json(DocumentMapping.engineDocument(fields, e.getKey(), e.getValue()))).append('\n');
        }
        Reply bulk = engine.sendLines("/_bulk" + WRITE, lines.toString());
        requireWritten(bulk, names, "loading documents");
        if (bulk.body().path("errors").asBoolean(false)) {
            undoCreated(names, keys, bulk.body().path("items"));
        }
        return keys.stream().map(key -> new BulkResult(true, key)).toList();
    }

    /** Deletes what a partly failed bulk created, then throws the fact of its first failure. */
    private void undoCreated(IndexNames names, List<String> keys, JsonNode items) {
        StringBuilder deletes = new StringBuilder();
        JsonNode firstFailure = null;
        String failedKey = null;
        for (int i = 0; i < keys.size(); i++) {
            JsonNode item = items.path(i).path("create");
            if (item.path("status").asInt() / 100 == 2) {
                deletes.append(json(Map.of("delete", Map.of("_index", names.writeAlias(),
                        "_id", DocumentMapping.engineId(keys.get(i)))))).append('\n');
            } else if (firstFailure == null) {
                firstFailure = item;
                failedKey = keys.get(i);
            }
        }
        if (!deletes.isEmpty()) {
            engine.sendLines("/_bulk?refresh=true", deletes.toString());
        }
        if (firstFailure == null) {
            return;
        }
        switch (firstFailure.path("error").path("type").asText("")) {
            case "version_conflict_engine_exception" -> throw HyperException.of(Fact.ITEM_EXISTS, failedKey);
            case "index_not_found_exception" -> {
                forget(names);
                throw HyperException.of(Fact.STORE_NOT_FOUND);
            }
            default -> throw engine.unexpected(new Reply(firstFailure.path("status").asInt(), firstFailure),
                    "loading documents");
        }
    }

    private static String json(Object value) {
        try {
            return OpenSearchClient.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HyperException.failed("cannot write a bulk line", e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
