package hyper.server;

import static hyper.server.FuzzInputs.chance;
import static hyper.server.FuzzInputs.json;
import static hyper.server.FuzzInputs.mutate;
import static hyper.server.FuzzInputs.oddValue;
import static hyper.server.FuzzInputs.pick;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.Service;
import hyper.testing.WebhookTarget;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A route fuzzer: for each group of routes, a few hundred requests drawn from {@link FuzzInputs} (malformed
 * bodies, headers, query strings and names), each checked against what must hold for any input:
 * <ul>
 *   <li>no 5xx (but the 501 of the storage routes the API does not offer);
 *   <li>no stack trace, class name or data directory in the body;
 *   <li>every 4xx is the envelope {@code {"ok":false,"status":N,"msg":"..."}} with N the HTTP status;
 *   <li>a request refused with a 4xx changes nothing stored ({@link SeededStores}).
 * </ul>
 * The seed is fixed, so a run is the same run every time; {@code -Dhyper.fuzz.seed=...} and
 * {@code -Dhyper.fuzz.tries=...} explore further. A failure lists each kind of problem once, with a request
 * that shows it, ready to become a test in {@link ClientMistakesTest}.
 */
class RouteFuzzTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static final long SEED = Long.getLong("hyper.fuzz.seed", 20_260_101L);
    private static final int TRIES = Integer.getInteger("hyper.fuzz.tries", 200);
    /** Every this many tries, every service's fingerprint is checked, not only the one of the route. */
    private static final int FULL_CHECK_EVERY = 50;
    private static final int TIMEOUT_MILLIS = 15_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OTHER_METHODS =
            List.of("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS", "get", "FOO", "TRACE");

    private static WebhookTarget hook;
    private static SeededStores stores;

    /**
     * One request of a run, with the route it was drawn for (to group what it finds). A malformed head may
     * go unanswered: a server may close a connection whose framing it cannot trust.
     */
    private record Fuzzed(String route, Optional<Service> service, String method, RawHttp.Request request,
                          boolean malformedHead) {

        /** Whether the request names the seeded store: then a refused write is checked at once. */
        boolean aimsAtSeeded() {
            String sent = request.head() != null ? request.head() : request.target();
            return sent.toLowerCase(Locale.ROOT).contains(SeededStores.NAME);
        }
    }

    @BeforeAll
    static void seed() {
        hook = WebhookTarget.start();
        hook.answer(500); // deliveries fail at once, so jobs settle in ERROR
        stores = new SeededStores(server, hook.url().toString()); // each run seeds them afresh
    }

    @AfterAll
    static void stopHook() {
        hook.close();
    }

    @Test
    void cacheRoutes() {
        fuzz("cache", this::cache);
    }

    @Test
    void dataRoutes() {
        fuzz("data", this::data);
    }

    @Test
    void storageRoutes() {
        fuzz("storage", this::storage);
    }

    @Test
    void searchRoutes() {
        fuzz("search", this::search);
    }

    @Test
    void queueRoutes() {
        fuzz("queue", this::queue);
    }

    @Test
    void adminListings() {
        fuzz("admin", this::admin);
    }

    @Test
    void infoAndUnknownRoutes() {
        fuzz("info", this::info);
    }

    @Test
    void malformedRequestHeads() {
        fuzz("heads", this::head);
    }

    // ---- the run

    private void fuzz(String group, Function<Random, Fuzzed> draw) {
        stores.reseedAll();
        Map<String, String> findings = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < TRIES; i++) {
            // one Random per try: a try replays alone, whatever the tries before it drew
            Fuzzed fuzzed = draw.apply(new Random(SEED * 1_000_003L + group.hashCode() * 7_919L + i));
            Optional<RawHttp.Response> reply = attempt(fuzzed);
            if (reply.isPresent()) {
                record(findings, counts, fuzzed, check(fuzzed, reply.get()), group, i, reply.get());
            } else if (!fuzzed.malformedHead()) {
                record(findings, counts, fuzzed, List.of("no answer"), group, i, null);
            }
            int status = reply.map(RawHttp.Response::status).orElse(0);
            statuses.merge(status, 1, Integer::sum);
            if ((i + 1) % FULL_CHECK_EVERY == 0 || i == TRIES - 1) {
                int at = i;
                stores.changedAny().forEach((service, diff) -> {
                    record(findings, counts, fuzzed, List.of("stored " + service + " content changed within "
                            + FULL_CHECK_EVERY + " tries ending with this one:\n  " + diff), group, at, null);
                    stores.reseed(service);
                });
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("route fuzzer: %s, %d tries (seed %d) in %d ms; statuses %s (0: closed unanswered)%n",
                group, TRIES, SEED, millis, statuses);
        StringBuilder report = new StringBuilder();
        findings.forEach((kind, example) -> report.append("\n- ").append(kind).append(" (")
                .append(counts.get(kind)).append("x), e.g. ").append(example));
        assertTrue(findings.isEmpty(), () -> findings.size() + " kinds of problems:" + report);
    }

    private Optional<RawHttp.Response> attempt(Fuzzed fuzzed) {
        try {
            return RawHttp.exchange(server.url(), fuzzed.request(), TIMEOUT_MILLIS);
        } catch (SocketTimeoutException e) {
            return Optional.of(new RawHttp.Response(-1, Map.of(), "no answer within the timeout".getBytes()));
        } catch (IOException e) {
            return Optional.of(new RawHttp.Response(-1, Map.of(), ("connection failed: " + e).getBytes()));
        }
    }

    private static void record(Map<String, String> findings, Map<String, Integer> counts, Fuzzed fuzzed,
                               List<String> problems, String group, int attempt, RawHttp.Response reply) {
        for (String problem : problems) {
            String kind = fuzzed.route() + ": " + problem.lines().findFirst().orElse(problem)
                    .replaceAll("\\d+", "N");
            counts.merge(kind, 1, Integer::sum);
            findings.computeIfAbsent(kind, k -> "try " + attempt + " of " + group + " (seed " + SEED + "):\n  "
                    + fuzzed.request().describe(server.url()).replace("\n", "\n  ")
                    + (reply == null ? "" : "\n  -> " + reply.status() + " "
                    + RawHttp.printable(reply.text(), 600))
                    + (problem.contains("\n") ? "\n  " + problem : ""));
        }
    }

    // ---- what must hold

    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|jdk|sun|io\\.helidon|com\\.fasterxml|org\\.sqlite|org\\.xerial|org\\.apache|org\\.h2"
                    + "|de\\.bwaldvogel|org\\.bson|com\\.mongodb|hyper)\\.[a-z][a-z0-9_]*\\.[A-Za-z]"
                    + "|\\b[a-z][a-z0-9_]*\\.[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error)\\b"
                    + "|Exception|Throwable|Caused by|SQLITE_|\\tat "
                    // a library's own switches, as Jackson names them in its messages
                    + "|\\w+Feature\\b|`\\w+(\\.\\w+)+`");

    private List<String> check(Fuzzed fuzzed, RawHttp.Response reply) {
        List<String> problems = new ArrayList<>();
        int status = reply.status();
        if (status < 0) {
            problems.add(reply.text());
            return problems;
        }
        if (status >= 500 && !notImplemented(fuzzed, reply)) {
            problems.add("answered " + status);
        }
        boolean download = fuzzed.route().startsWith("GET /storage/:bucket/") && status / 100 == 2;
        if (!download) {
            String text = reply.text();
            var m = STACK_FRAME.matcher(text);
            var c = CLASS_NAME.matcher(text);
            if (m.find()) {
                problems.add("a stack frame in the body: " + m.group());
            } else if (c.find()) {
                problems.add("a class name in the body: " + c.group());
            }
            String dir = server.dir().toString();
            if (text.contains(dir) || text.contains(server.dir().getFileName().toString())) {
                problems.add("the data directory in the body");
            }
        }
        boolean head = fuzzed.method().equals("HEAD");
        if (status >= 400 && status < 500 && !head) {
            envelope(reply).ifPresent(problems::add);
        }
        // Answers from before the routing (a head the HTTP layer refused) lack the API's headers: no
        // handler ran, so nothing can have changed, and the periodic check of every store suffices.
        boolean routed = reply.header("X-Content-Type-Options").isPresent();
        if (routed && fuzzed.service().isPresent() && !List.of("GET", "HEAD", "OPTIONS").contains(fuzzed.method())) {
            Service service = fuzzed.service().get();
            if (status >= 400 && status < 500 && fuzzed.aimsAtSeeded()) {
                stores.changed(service).ifPresent(diff -> {
                    problems.add("a " + status + " changed stored " + service + " content:\n  " + diff);
                    stores.reseed(service);
                });
            } else if (status < 400 && stores.changed(service).isPresent()) {
                stores.reseed(service); // a write that succeeded: the seed goes back, for the next tries to meet
            }
        }
        return problems;
    }

    /** The one 5xx allowed: storage's signed URLs, which the API has and this server does not offer. */
    private static boolean notImplemented(Fuzzed fuzzed, RawHttp.Response reply) {
        boolean storage = fuzzed.request().target() == null
                || fuzzed.request().target().toLowerCase(Locale.ROOT).startsWith("/storage/");
        return reply.status() == 501 && storage && envelope(reply).isEmpty()
                && reply.text().contains("\"msg\":\"Not Implemented\"");
    }

    /** What is wrong with the error envelope of {@code reply}, if anything. */
    private static Optional<String> envelope(RawHttp.Response reply) {
        String type = reply.header("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return Optional.of("a " + reply.status() + " with Content-Type '" + type + "'");
        }
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (IOException e) {
            return Optional.of("a " + reply.status() + " whose body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return Optional.of("a " + reply.status() + " whose body is not an object");
        }
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        if (!keys.equals(List.of("ok", "status", "msg"))) {
            return Optional.of("a " + reply.status() + " envelope with keys " + keys);
        }
        if (!body.get("ok").isBoolean() || body.get("ok").asBoolean()) {
            return Optional.of("a " + reply.status() + " envelope with ok " + body.get("ok"));
        }
        if (!body.get("status").isInt() || body.get("status").asInt() != reply.status()) {
            return Optional.of("a " + reply.status() + " envelope with status " + body.get("status"));
        }
        if (!body.get("msg").isTextual() || body.get("msg").asText().isBlank()) {
            return Optional.of("a " + reply.status() + " envelope with msg " + body.get("msg"));
        }
        return Optional.empty();
    }

    // ---- requests by route group

    /**
     * What a request gets wrong. Mostly one thing at a time, so that the rest of the request is right and
     * the mistake reaches the code that has to catch it; now and then everything at once.
     */
    private enum Focus {
        BODY, NAME, QUERY, HEADERS, ALL;

        static Focus draw(Random r) {
            int n = r.nextInt(100);
            return n < 45 ? BODY : n < 65 ? NAME : n < 80 ? QUERY : n < 90 ? HEADERS : ALL;
        }

        boolean odd(Focus part) {
            return this == part || this == ALL;
        }
    }

    /**
     * A request to a route, {@code path} built by the caller with the focus given: usually the route's own
     * method; a query string from its {@code params}; its body drawn when it takes one (and now and then a
     * body it does not take).
     */
    private static Fuzzed route(Random r, Focus focus, Service service, String method, String template,
                                String path, List<String> params, Body body) {
        String sent = focus == Focus.ALL && chance(r, 30) ? pick(r, OTHER_METHODS) : method;
        String query = FuzzInputs.query(r, params, focus.odd(Focus.QUERY));
        List<String> headers = FuzzInputs.headers(r, focus.odd(Focus.HEADERS));
        byte[] bytes = null;
        if (body != null) {
            Body.Sent b = body.draw(r, focus.odd(Focus.BODY));
            b.contentType().ifPresent(t -> headers.addFirst("Content-Type: " + t));
            bytes = b.bytes();
        } else if (focus.odd(Focus.BODY) && chance(r, 20)) {
            headers.addFirst("Content-Type: application/json");
            bytes = FuzzInputs.encode(r, json(oddValue(r)));
        }
        String target = path + (query.isEmpty() ? "" : "?" + query);
        return new Fuzzed(sent + " " + template, Optional.of(service), sent,
                RawHttp.Request.of(sent, target, headers, bytes), false);
    }

    /** How a route's body is drawn: as a client would send it, or with mistakes. */
    @FunctionalInterface
    private interface Body {
        record Sent(Optional<String> contentType, byte[] bytes) {}

        Sent draw(Random r, boolean odd);

        /**
         * JSON: {@code template} as application/json, or, when odd, the template mutated (odd values of its
         * own members from {@code special}), its bytes now and then broken, its type now and then another.
         */
        static Body json(Function<Random, Object> template, Map<String, Function<Random, Object>> special) {
            return (r, odd) -> {
                Object value = template.apply(r);
                if (!odd) {
                    return new Sent(Optional.of("application/json"), RawHttp.utf8(FuzzInputs.json(value)));
                }
                Object mutated = value instanceof Map<?, ?> map && chance(r, 85)
                        ? mutate(r, cast(map), special) : value instanceof List<?> ? mutateList(r, value) : value;
                byte[] bytes = FuzzInputs.encode(r, FuzzInputs.json(mutated));
                Optional<String> type = chance(r, 5) ? Optional.empty()
                        : Optional.of(chance(r, 75) ? "application/json" : pick(r, FuzzInputs.JSON_TYPES));
                return new Sent(type, bytes);
            };
        }

        static Body json(Function<Random, Object> template) {
            return json(template, Map.of());
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> cast(Map<?, ?> map) {
            return (Map<String, Object>) map;
        }

        private static Object mutateList(Random r, Object list) {
            List<Object> items = new ArrayList<>((List<?>) list);
            if (!items.isEmpty() && chance(r, 70)) {
                int at = r.nextInt(items.size());
                items.set(at, items.get(at) instanceof Map<?, ?> m ? mutate(r, cast(m), Map.of()) : oddValue(r));
            } else {
                items.add(oddValue(r));
            }
            return items;
        }
    }

    private static Map<String, Object> object(Object... members) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            map.put((String) members[i], members[i + 1]);
        }
        return map;
    }

    private Fuzzed cache(Random r) {
        Focus focus = Focus.draw(r);
        String name = "/cache/" + FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        String key = FuzzInputs.key(r, SeededStores.CACHE_KEYS, focus.odd(Focus.NAME));
        Body value = Body.json(x -> object("n", x.nextInt(100), "s", "fuzz"));
        Body entry = Body.json(x -> object("key", "fzk" + x.nextInt(8), "value", object("n", 7),
                        "ttl", pick(x, "1h", 3_600_000)),
                Map.of("key", x -> pick(x, "alpha", "Alpha", "1a", "a.b", "a/b", "a".repeat(1025), "a\u0000"),
                        "ttl", x -> pick(x, "10 parsecs", -1, 0, new FuzzInputs.Raw("1e300"), "300000000y", "-5s", "",
                                new FuzzInputs.Raw("1" + "0".repeat(40)), "NaNs", "1e309ms", 1.5)));
        return switch (r.nextInt(10)) {
            case 0 -> route(r, focus, Service.CACHE, "GET", "/cache", "/cache", List.of(), null);
            case 1 -> route(r, focus, Service.CACHE, "PUT", "/cache/:name", name, List.of(), null);
            case 2 -> route(r, focus, Service.CACHE, "DELETE", "/cache/:name", name, List.of(), null);
            case 3 -> route(r, focus, Service.CACHE, "POST", "/cache/:name", name, List.of(), entry);
            case 4 -> route(r, focus, Service.CACHE, pick(r, "GET", "POST"), "/cache/:name/_query", name + "/_query",
                    List.of("pattern"), null);
            case 5 -> route(r, focus, Service.CACHE, "GET", "/cache/:name/:key", name + "/" + key, List.of(), null);
            case 6, 7 -> route(r, focus, Service.CACHE, "PUT", "/cache/:name/:key", name + "/" + key, List.of("ttl"),
                    value);
            default -> route(r, focus, Service.CACHE, "DELETE", "/cache/:name/:key", name + "/" + key, List.of(),
                    null);
        };
    }

    private Fuzzed data(Random r) {
        Focus focus = Focus.draw(r);
        String db = "/data/" + FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        String id = FuzzInputs.key(r, SeededStores.DOC_IDS, focus.odd(Focus.NAME));
        Function<Random, Object> doc = x -> object("_id", "fzd" + x.nextInt(8), "title", "fuzz", "n", x.nextInt(10),
                "nested", object("a", List.of(1, 2)));
        Map<String, Function<Random, Object>> docOdd = Map.of(
                "_id", x -> pick(x, "doc-1", "", 0, 7, "a".repeat(2000), "$x", "\u0000", false),
                "nested", x -> object(pick(x, "$set", "a.b", "", "$", "\u0000", "_id"), 1));
        Body document = Body.json(doc, docOdd);
        Body query = Body.json(x -> object("selector", object("n", object("$gte", 0)), "fields", List.of("title", "n"),
                        "sort", List.of(object("n", "ASC")), "limit", 5, "skip", 0, "use_index", "idx"),
                Map.of("selector", FuzzInputs::selector, "sort", FuzzInputs::sort, "fields",
                        x -> pick(x, List.of(""), List.of("a.b"), List.of("$x"), List.of(1), "title", List.of()),
                        "limit", x -> new FuzzInputs.Raw(pick(x, "0", "-1", "1e400", "1.5", "2147483648", "1e10",
                                "\"10\"", "\"x\"", "null", "-0")),
                        "skip", x -> new FuzzInputs.Raw(pick(x, "-1", "1e10", "2147483648", "\"1\"", "1.5"))));
        Body index = Body.json(x -> object("name", "idx" + x.nextInt(4), "fields", List.of("title"),
                        "partialFilter", object("n", object("$gt", 1)), "type", "JSON"),
                Map.of("name", x -> pick(x, "", "$", ".", "_id_", "i".repeat(300), "\u0000", "a.b"),
                        "fields", FuzzInputs::sort, "partialFilter", FuzzInputs::selector,
                        "type", x -> pick(x, "TEXT", 1, "")));
        Body bulk = Body.json(x -> {
            List<Object> docs = new ArrayList<>();
            int n = x.nextInt(4);
            for (int i = 0; i < n; i++) {
                // a bulk removes the documents marked _deleted
                docs.add(chance(x, 20) ? object("_id", pick(x, "fzd" + x.nextInt(8), "doc-2"), "_deleted", true)
                        : doc.apply(x));
            }
            return docs;
        });
        return switch (r.nextInt(12)) {
            case 0 -> route(r, focus, Service.DATA, "GET", "/data", "/data", List.of(), null);
            case 1 -> route(r, focus, Service.DATA, "PUT", "/data/:db", db, List.of(), null);
            case 2 -> route(r, focus, Service.DATA, "DELETE", "/data/:db", db, List.of(), null);
            case 3 -> route(r, focus, Service.DATA, "GET", "/data/:db", db,
                    List.of("limit", "startkey", "endkey", "keys", "descending"), null);
            case 4 -> route(r, focus, Service.DATA, "POST", "/data/:db", db, List.of(), document);
            case 5, 6 -> route(r, focus, Service.DATA, "POST", "/data/:db/_query", db + "/_query", List.of(), query);
            case 7 -> route(r, focus, Service.DATA, "POST", "/data/:db/_index", db + "/_index", List.of(), index);
            case 8 -> route(r, focus, Service.DATA, "POST", "/data/:db/_bulk", db + "/_bulk", List.of(), bulk);
            case 9 -> route(r, focus, Service.DATA, "GET", "/data/:db/:id", db + "/" + id, List.of(), null);
            case 10 -> route(r, focus, Service.DATA, "PUT", "/data/:db/:id", db + "/" + id, List.of(), document);
            default -> route(r, focus, Service.DATA, "DELETE", "/data/:db/:id", db + "/" + id, List.of(), null);
        };
    }

    private Fuzzed storage(Random r) {
        Focus focus = Focus.draw(r);
        String bucket = "/storage/" + FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        String path = FuzzInputs.objectPath(r, SeededStores.OBJECTS, focus.odd(Focus.NAME));
        Body upload = (x, odd) -> {
            if (chance(x, 50)) {
                FuzzInputs.Form form = odd ? FuzzInputs.multipart(x) : FuzzInputs.form(x);
                return new Body.Sent(Optional.of(form.contentType()), form.body());
            }
            if (!odd) {
                return new Body.Sent(Optional.of(pick(x, "text/plain", "application/octet-stream")),
                        RawHttp.utf8("fuzz " + x.nextInt(100)));
            }
            byte[] bytes = FuzzInputs.encode(x, FuzzInputs.oddString(x));
            return new Body.Sent(chance(x, 10) ? Optional.empty() : Optional.of(pick(x, "text/plain",
                    "application/octet-stream", "", "application/json", "image/png", "multipart/form-data",
                    "multipart/form-data; boundary=", ";;;")), bytes);
        };
        return switch (r.nextInt(9)) {
            case 0 -> route(r, focus, Service.STORAGE, "GET", "/storage", "/storage", List.of(), null);
            case 1 -> route(r, focus, Service.STORAGE, "PUT", "/storage/:bucket", bucket, List.of(), null);
            case 2 -> route(r, focus, Service.STORAGE, "DELETE", "/storage/:bucket", bucket, List.of(), null);
            case 3 -> route(r, focus, Service.STORAGE, "POST", "/storage/:bucket", bucket + pick(r, "", "", "/"),
                    List.of(), upload);
            case 4, 5 -> route(r, focus, Service.STORAGE, "POST", "/storage/:bucket/:path", bucket + "/" + path,
                    List.of("useSignedUrl"), upload);
            case 6, 7 -> route(r, focus, Service.STORAGE, "GET", "/storage/:bucket/:path", bucket + "/" + path,
                    List.of("useSignedUrl"), null);
            default -> route(r, focus, Service.STORAGE, "DELETE", "/storage/:bucket/:path", bucket + "/" + path,
                    List.of(), null);
        };
    }

    private Fuzzed search(Random r) {
        Focus focus = Focus.draw(r);
        String index = "/search/" + FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        String key = FuzzInputs.key(r, SeededStores.SEARCH_KEYS, focus.odd(Focus.NAME));
        Function<Random, Object> doc = x -> object("title", pick(x, "fuzz title", "seeded"), "body", "fuzz words");
        Map<String, Function<Random, Object>> docOdd = Map.of("title", x -> FuzzInputs.oddString(x),
                "body", x -> pick(x, object("deep", List.of(1)), List.of("a", 1), "w ".repeat(20_000)));
        Body mappings = Body.json(x -> object("fields", List.of("title", "body"), "storeFields", List.of("title")),
                Map.of("fields", x -> pick(x, List.of(), List.of(""), List.of("_id"), List.of("a.b"), List.of(1),
                                "title", List.of("a", "a"), List.of("f".repeat(300)), List.of("\u0000")),
                        "storeFields", x -> pick(x, List.of("other"), List.of(), List.of("_id"), "title")));
        Body add = Body.json(x -> object("key", "fzs" + x.nextInt(8), "doc", doc.apply(x)),
                Map.of("key", x -> pick(x, "s1", "", "k".repeat(5000), "\u0000", 7),
                        "doc", x -> mutate(x, FuzzInputs.member("title", "t"), docOdd)));
        Body query = Body.json(x -> object("query", "seeded", "fields", List.of("title"),
                        "filter", object("title", "seeded first")),
                Map.of("query", FuzzInputs::searchQuery,
                        "fields", x -> pick(x, List.of("nope"), List.of(), List.of(""), List.of("_id")),
                        "filter", x -> pick(x, object("title", 1), object("", "x"), object("title", List.of(1, 2)),
                                object("title", object("$gt", 1)), object("_id", "s1"), object("title", null))));
        Body bulk = Body.json(x -> {
            List<Object> docs = new ArrayList<>();
            int n = x.nextInt(4);
            for (int i = 0; i < n; i++) {
                Map<String, Object> d = FuzzInputs.member("_id", pick(x, "fzb" + x.nextInt(8), "s1"));
                d.put("title", "bulk");
                docs.add(d);
            }
            return docs;
        });
        Body document = Body.json(doc, docOdd);
        return switch (r.nextInt(10)) {
            case 0 -> route(r, focus, Service.SEARCH, "GET", "/search", "/search", List.of(), null);
            case 1 -> route(r, focus, Service.SEARCH, "PUT", "/search/:index", index, List.of(), mappings);
            case 2 -> route(r, focus, Service.SEARCH, "DELETE", "/search/:index", index, List.of(), null);
            case 3 -> route(r, focus, Service.SEARCH, "POST", "/search/:index", index, List.of(), add);
            case 4, 5 -> route(r, focus, Service.SEARCH, "POST", "/search/:index/_query", index + "/_query",
                    List.of(), query);
            case 6 -> route(r, focus, Service.SEARCH, "POST", "/search/:index/_bulk", index + "/_bulk", List.of(),
                    bulk);
            case 7 -> route(r, focus, Service.SEARCH, "GET", "/search/:index/:key", index + "/" + key, List.of(), null);
            case 8 -> route(r, focus, Service.SEARCH, "PUT", "/search/:index/:key", index + "/" + key, List.of(),
                    document);
            default -> route(r, focus, Service.SEARCH, "DELETE", "/search/:index/:key", index + "/" + key, List.of(),
                    null);
        };
    }

    private Fuzzed queue(Random r) {
        Focus focus = Focus.draw(r);
        String name = "/queue/" + FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        String id = FuzzInputs.jobId(r, stores.jobIds(), focus.odd(Focus.NAME));
        String hookUrl = hook.url().toString();
        Body target = Body.json(x -> object("target", hookUrl, "secret", "s" + x.nextInt(10), "retries", x.nextInt(3)),
                Map.of("target", x -> FuzzInputs.target(x, hookUrl),
                        "secret", x -> pick(x, "", "s".repeat(100), "s".repeat(101), 1, "\u0000", "\uD800"),
                        "retries", x -> pick(x, 10, 11, -1, 1.5, "1", new FuzzInputs.Raw("2147483648"), true,
                                new FuzzInputs.Raw("1e1"))));
        Body job = Body.json(x -> object("n", x.nextInt(10), "text", "job"),
                Map.of("text", x -> FuzzInputs.oddString(x)));
        return switch (r.nextInt(8)) {
            case 0 -> route(r, focus, Service.QUEUE, "GET", "/queue", "/queue", List.of(), null);
            case 1 -> route(r, focus, Service.QUEUE, "PUT", "/queue/:name", name, List.of(), target);
            case 2 -> route(r, focus, Service.QUEUE, "DELETE", "/queue/:name", name, List.of(), null);
            case 3 -> route(r, focus, Service.QUEUE, "POST", "/queue/:name", name, List.of(), job);
            case 4 -> route(r, focus, Service.QUEUE, "GET", "/queue/:name", name, List.of("status"), null);
            case 5 -> route(r, focus, Service.QUEUE, "POST", "/queue/:name/:id/_cancel", name + "/" + id + "/_cancel",
                    List.of(), null);
            default -> route(r, focus, Service.QUEUE, "POST", "/queue/:name/:id/_retry", name + "/" + id + "/_retry",
                    List.of(), null);
        };
    }

    /** The admin API's reads; its reset is left out, as it removes the seeded stores when it works. */
    private Fuzzed admin(Random r) {
        Focus focus = Focus.draw(r);
        String name = FuzzInputs.name(r, SeededStores.NAME, focus.odd(Focus.NAME));
        List<String> paging = List.of("limit", "cursor");
        return switch (r.nextInt(6)) {
            case 0 -> route(r, focus, Service.DATA, "GET", "/_admin/stores", "/_admin/stores", List.of(), null);
            case 1 -> route(r, focus, Service.DATA, "GET", "/_admin/data/:db", "/_admin/data/" + name, paging, null);
            case 2 -> route(r, focus, Service.CACHE, "GET", "/_admin/cache/:name", "/_admin/cache/" + name, paging,
                    null);
            case 3 -> route(r, focus, Service.STORAGE, "GET", "/_admin/storage/:bucket", "/_admin/storage/" + name,
                    List.of("limit", "cursor", "prefix", "delimiter"), null);
            case 4 -> route(r, focus, Service.SEARCH, "GET", "/_admin/search/:index", "/_admin/search/" + name, paging,
                    null);
            default -> route(r, focus, Service.QUEUE, "GET", "/_admin/queue/:name", "/_admin/queue/" + name,
                    List.of("limit", "cursor", "status"), null);
        };
    }

    private Fuzzed info(Random r) {
        Focus focus = Focus.draw(r);
        String path = pick(r, "/", "/health", "/cache", "/data", "/storage", "/search", "/queue", "/nothing", "/CACHE",
                "/cache/", "//", "/%2e%2e/", "/health/", "/info", "/" + FuzzInputs.name(r, "x", true), "/..", "/./",
                "/data/seeded/doc-1/extra/deep", "/storage/seeded/../../cache.db", "/cache/seeded/alpha/../../../data",
                "/%2F", "/" + "a/".repeat(300), "/queue/seeded/1/_cancel/x", "/search/seeded/_query/x");
        String method = chance(r, 50) ? "GET" : pick(r, OTHER_METHODS);
        Fuzzed f = route(r, focus, Service.CACHE, method, "", path, List.of("x"), null);
        // these routes store nothing: the periodic check of every service covers them
        return new Fuzzed(f.method() + " " + path.replaceAll("[^/]{20,}", "…"), Optional.empty(), f.method(),
                f.request(), false);
    }

    /**
     * A request broken below the routes: request line, header syntax, framing. The server may close such
     * a connection without an answer; what it does answer must hold like any other answer.
     */
    private Fuzzed head(Random r) {
        record Target(String path, Service service, String body) {}
        Target t = pick(r, new Target("/cache/seeded/alpha", Service.CACHE, "{\"n\":99}"),
                new Target("/data/seeded/doc-1", Service.DATA, "{\"title\":\"changed\"}"),
                new Target("/storage/seeded/known.txt", Service.STORAGE, "changed"),
                new Target("/search/seeded/s1", Service.SEARCH, "{\"title\":\"changed\"}"),
                new Target("/queue/seeded", Service.QUEUE, "{\"target\":\"http://127.0.0.1:1/\"}"));
        String method = chance(r, 70) ? pick(r, "PUT", "POST", "DELETE", "GET")
                : pick(r, "get", "G\u0000ET", "", "GET GET", "\u00c9T", "PUT\t", "P UT", "POST ", "X".repeat(5000));
        String version = chance(r, 75) ? "HTTP/1.1"
                : pick(r, "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.1 extra", "http/1.1", "HTTP/1.10", "HTTP/1", "");
        String target = switch (r.nextInt(10)) {
            case 0 -> "http://" + server.url().getHost() + ":" + server.url().getPort() + t.path();
            case 1 -> pick(r, "*", "127.0.0.1:1", "", "seeded", "?a=b", "%2F" + t.path());
            case 2 -> t.path() + pick(r, " x", "\u0000", "\t", "\u0001", RawHttp.bytesAsText("é"), "\u00ff", "#frag",
                    "?a=%");
            case 3 -> t.path() + "/" + "x".repeat(pick(r, 3000, 9000, 70_000));
            default -> t.path();
        };
        String nl = chance(r, 85) ? "\r\n" : "\n";
        StringBuilder h = new StringBuilder();
        if (chance(r, 5)) {
            h.append("\r\n\r\n");
        }
        h.append(method).append(chance(r, 90) ? " " : "  ").append(target).append(version.isEmpty() ? "" : " ")
                .append(version).append(nl);
        String host = server.url().getHost() + ":" + server.url().getPort();
        switch (r.nextInt(8)) {
            case 0 -> { }
            case 1 -> h.append("Host: ").append(host).append(nl).append("Host: other").append(nl);
            case 2 -> h.append("Host: ").append(pick(r, "", "\u0000", "a b", "[::1", "x".repeat(3000))).append(nl);
            default -> h.append("Host: ").append(host).append(nl);
        }
        byte[] body = RawHttp.utf8(t.body());
        switch (r.nextInt(14)) {
            case 0 -> h.append("NoColon").append(nl);
            case 1 -> h.append(": novalue").append(nl);
            case 2 -> h.append("X-Fuzz: a").append(nl).append(" folded").append(nl);
            case 3 -> h.append("X Fuzz: 1").append(nl);
            case 4 -> h.append("X-Fuzz: a\u0000b").append(nl);
            case 5 -> h.append("X-Fuzz: ").append("v".repeat(pick(r, 9000, 70_000))).append(nl);
            case 6 -> h.append(("X-Many: 1" + nl).repeat(pick(r, 100, 2000)));
            case 7 -> h.append("Content-Length: ").append(pick(r, "abc", "-1", "1, 2", "99999999999999999999", " 5",
                    "+5", "0x10", "", body.length + "", (body.length + 50) + "")).append(nl);
            case 8 -> h.append("Content-Length: ").append(body.length).append(nl).append("Content-Length: ")
                    .append(body.length + 1).append(nl);
            case 9, 10 -> {
                h.append("Transfer-Encoding: ").append(pick(r, "chunked", "chunked", "chunked, identity", "identity",
                        "gzip, chunked", "CHUNKED", "chunked;x")).append(nl);
                if (chance(r, 30)) {
                    h.append("Content-Length: ").append(body.length).append(nl);
                }
                body = RawHttp.utf8(pick(r, Integer.toHexString(body.length) + "\r\n" + t.body() + "\r\n0\r\n\r\n",
                        "zz\r\n" + t.body() + "\r\n0\r\n\r\n", "-1\r\n\r\n", "ffffffffffffffff\r\n" + t.body(),
                        Integer.toHexString(body.length) + "\r\n" + t.body() + "\r\n",
                        Integer.toHexString(body.length) + ";a=b\r\n" + t.body() + "\r\n0\r\nX-Trailer: 1\r\n\r\n",
                        "1\r\n" + t.body(), "0\r\n\r\n", ""));
            }
            case 11 -> h.append("Content-Type: application/json").append(nl)
                    .append("Content-Type: text/plain").append(nl);
            default -> h.append("Content-Type: ").append(pick(r, "application/json", "text/plain")).append(nl);
        }
        boolean framed = h.toString().toLowerCase(Locale.ROOT).contains("content-length:")
                || h.toString().toLowerCase(Locale.ROOT).contains("transfer-encoding:");
        if (!framed && !method.equals("GET")) {
            h.append("Content-Length: ").append(body.length).append(nl);
        }
        h.append("Connection: close").append(nl).append(nl);
        String m = method.trim().toUpperCase(Locale.ROOT);
        return new Fuzzed(method.length() > 12 ? "long method" : method + " " + t.path(), Optional.of(t.service()), m,
                RawHttp.Request.rawHead(h.toString(), body), true);
    }
}
