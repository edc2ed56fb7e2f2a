package hyper.http;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.Service;
import hyper.core.Services;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheName;
import hyper.core.data.DatabaseName;
import hyper.core.data.ListOptions;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.search.IndexName;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The admin API under {@code /_admin}, an extension beside the hyper API (which it leaves unchanged): the
 * stores of every service, a paged listing inside each store, and a reset of whole services. See
 * {@code docs/admin.md}.
 *
 * <p>A listing answers at most {@code limit} items and an opaque {@code next} cursor (null on the last
 * page). The cursor is the key of the next page's first item, base64url-encoded, so a page starts exactly
 * there even if items were added or removed meanwhile.
 */
final class AdminRoutes {

    /** Items per page unless {@code limit} says otherwise, and the most {@code limit} may ask for. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

    /** The request log's route: left out of the log itself (see {@link RecentRequests}). */
    static final String REQUESTS_ROUTE = "/_admin/requests";

    private final Services services;
    private final RecentRequests recent;

    /** An export reads each store while no request writes it. */
    private final StoreGate gate;

    AdminRoutes(Services services, RecentRequests recent, StoreGate gate) {
        this.services = services;
        this.recent = recent;
        this.gate = gate;
    }

    /** The route groups: the service-wide routes, then one listing per service (so errors take its words). */
    List<Router.Routes> groups() {
        return List.of(
                group(Optional.empty(), r -> {
                    r.get("/_admin/stores", this::stores);
                    r.post("/_admin/reset", this::reset);
                    r.get("/_admin/export", this::export);
                    r.post("/_admin/import", this::importSnapshot);
                    r.get(REQUESTS_ROUTE, this::requests);
                }),
                group(Optional.of(Service.DATA), r -> r.get("/_admin/data/{db}", this::documents)),
                group(Optional.of(Service.CACHE), r -> r.get("/_admin/cache/{name}", this::entries)),
                group(Optional.of(Service.STORAGE), r -> r.get("/_admin/storage/{bucket}", this::objects)),
                group(Optional.of(Service.SEARCH), r -> r.get("/_admin/search/{index}", this::indexDocuments)),
                group(Optional.of(Service.QUEUE), r -> r.get("/_admin/queue/{name}", this::jobs)));
    }

    private static Router.Routes group(Optional<Service> service, Consumer<Router> routes) {
        return new Router.Routes() {
            @Override
            public Optional<Service> service() {
                return service;
            }

            @Override
            public void register(Router router) {
                routes.accept(router);
            }
        };
    }

    // ---- stores

    private void stores(Call call) {
        Map<String, Object> stores = new LinkedHashMap<>();
        // The order of the example: data first, as hyper's own info document lists it.
        stores.put("data", listed(services.data().listStores()));
        stores.put("cache", listed(services.cache().listStores()));
        stores.put("storage", listed(services.storage().listStores()));
        stores.put("search", listed(services.search().listStores()));
        stores.put("queue", listed(services.queue().listStores()));
        call.ok(200, "stores", stores);
    }

    private static List<Map<String, Object>> listed(List<StoreInfo> stores) {
        List<Map<String, Object>> listed = new ArrayList<>(stores.size());
        for (StoreInfo store : stores) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", store.name());
            store.count().ifPresent(n -> entry.put("count", n));
            listed.add(entry);
        }
        return listed;
    }

    // ---- reset

    /**
     * Removes every store of the services named in {@code {"services":[...]}} (all five without a body). A store
     * another request removed meanwhile is simply gone already; requests running on a store as it goes end
     * as they would had the store been deleted through the hyper API.
     */
    private void reset(Call call) {
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "body");
        reset(services(body.get("services")));
        call.ok(200);
    }

    private void reset(Set<Service> chosen) {
        StoreReset.reset(services, chosen);
    }

    // ---- export and import

    /**
     * The largest snapshot an import reads: it is held in memory whole, storage bytes included, and parsed
     * into a tree several times its size, so a quarter of the heap (HYPER_MAX_MEMORY raises it), 256 MiB at most.
     */
    static final long IMPORT_LIMIT = Math.clamp(Runtime.getRuntime().maxMemory() / 4, 16L << 20, 256L << 20);

    private void export(Call call) throws IOException {
        call.response().header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"hyper-nano-snapshot.json\"");
        call.response().header(HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE);
        call.response().status(200);
        // Streamed: a failure half-way can no longer change the status, so it ends the response early and
        // the client's JSON parser sees the snapshot is cut short.
        try (OutputStream out = call.response().outputStream()) {
            Snapshot.write(services, out, gate);
        }
    }

    /**
     * Checks the whole snapshot, then with {@code mode=replace} resets all five services, and loads it: its
     * stores are created (a merge keeps those that exist) and its items written over any with the same key.
     */
    private void importSnapshot(Call call) {
        boolean replace = switch (call.query("mode").orElse("merge")) {
            case "merge" -> false;
            case "replace" -> true;
            default -> throw Args.invalid("mode", "Invalid enum value. Expected 'merge' | 'replace', received '"
                    + call.query("mode").orElse("") + "'.");
        };
        Snapshot.Plan plan = Snapshot.plan(call.jsonObject(IMPORT_LIMIT, "snapshot"), services, Optional.empty());
        if (replace) {
            reset(EnumSet.allOf(Service.class));
        }
        plan.apply();
        call.ok(200);
    }

    private static Set<Service> services(Object argument) {
        if (argument == null) {
            return EnumSet.allOf(Service.class);
        }
        if (!(argument instanceof List<?> names)) {
            throw Args.wrongType("services", "array", argument);
        }
        Set<Service> chosen = EnumSet.noneOf(Service.class);
        for (Object name : names) {
            Service service = Service.ALL.stream().filter(s -> s.id().equals(name)).findFirst()
                    .orElseThrow(() -> Args.invalid("services", "Invalid enum value. Expected 'data' | 'cache' |"
                            + " 'storage' | 'search' | 'queue', received " + quoted(name) + "."));
            chosen.add(service);
        }
        return chosen;
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : Args.typeOf(value);
    }

    // ---- the request log

    /**
     * {@code {"ok":true,"requests":[...],"last":seq,"missed":bool}}: the requests after {@code after} (0 or absent:
     * the oldest kept), oldest first, at most {@code limit}; a poller passes the {@code seq} of the last one it
     * has, or {@code last} when the page was empty.
     */
    private void requests(Call call) {
        long after = call.query("after").map(AdminRoutes::sequence).orElse(0L);
        RecentRequests.Page page = recent.after(after, limit(call));
        List<Map<String, Object>> requests = page.entries().stream().map(entry -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("seq", entry.seq());
            shown.put("at", TIMESTAMP.format(entry.at()));
            shown.put("method", entry.method());
            shown.put("path", entry.path());
            shown.put("route", entry.route());
            shown.put("status", entry.status());
            shown.put("ms", Math.round(entry.nanos() / 10_000.0) / 100.0);
            return shown;
        }).toList();
        call.ok(200, "requests", requests, "last", page.last(), "missed", page.missed());
    }

    private static long sequence(String text) {
        try {
            long after = Long.parseLong(text);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Args.invalid("after", "Number must be a non-negative integer.");
    }

    // ---- listings

    private void documents(Call call) {
        DatabaseName db = DatabaseName.of(call.param("db"));
        page(call, "docs", (from, n) -> services.data().list(db, new ListOptions(n,
                from.isEmpty() ? Optional.empty() : Optional.of(from), Optional.empty(), Optional.empty(), false)),
                doc -> String.valueOf(doc.get("_id")), doc -> doc);
    }

    private void entries(Call call) {
        CacheName name = CacheName.of(call.param("name"));
        page(call, "entries", (from, n) -> services.cache().entries(name, from, n), CacheItem::key, item -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", item.key());
            entry.put("value", item.value());
            entry.put("ttl", item.ttl().map(ttl -> ttl.toMillis()).orElse(null));
            return entry;
        });
    }

    private void objects(Call call) {
        BucketName bucket = BucketName.of(call.param("bucket"));
        String prefix = call.query("prefix").orElse("");
        boolean folders = switch (call.query("delimiter").orElse("")) {
            case "" -> false;
            case "/" -> true;
            default -> throw Args.invalid("delimiter", "Invalid literal value, expected \"/\".");
        };
        page(call, "objects", (from, n) -> services.storage().objects(bucket, prefix, folders, from, n),
                BucketEntry::path, entry -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("path", entry.path());
                    if (entry.folder()) {
                        object.put("folder", true);
                    } else {
                        object.put("size", entry.size());
                        object.put("type", MediaTypes.of(entry.path()));
                        object.put("modified", entry.lastModified().map(TIMESTAMP::format).orElse(null));
                    }
                    return object;
                });
    }

    private void indexDocuments(Call call) {
        IndexName index = IndexName.of(call.param("index"));
        page(call, "docs", (from, n) -> services.search().documents(index, from, n),
                doc -> String.valueOf(doc.get("_id")), doc -> doc);
    }

    private void jobs(Call call) {
        QueueName name = QueueName.of(call.param("name"));
        Optional<JobStatus> status = call.query("status").map(text -> switch (text) {
            case "READY" -> JobStatus.READY;
            case "ERROR" -> JobStatus.ERROR;
            default -> throw Args.invalid("status", "Invalid enum value. Expected 'READY' | 'ERROR', received '"
                    + text + "'.");
        });
        page(call, "jobs", (from, n) -> services.queue().jobs(name, status, jobId(from), n),
                job -> Long.toString(job.id()), AdminRoutes::job);
    }

    private static Map<String, Object> job(Job job) {
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("id", Long.toString(job.id()));
        listed.put("status", job.status().name());
        listed.put("job", job.job());
        listed.put("enqueued", TIMESTAMP.format(job.enqueued()));
        listed.put("error", job.error().orElse(null));
        return listed;
    }

    private static long jobId(String from) {
        if (from.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(from);
        } catch (NumberFormatException e) {
            throw badCursor();
        }
    }

    // ---- paging

    /** A page of items from the port, which answers at most {@code n} items from a key on. */
    @FunctionalInterface
    private interface Pager<T> {
        List<T> items(String from, int n);
    }

    /**
     * Answers {@code {"ok":true, <field>:[...], "next":cursor|null}}: asks the port for one item more than the
     * page holds, whose key becomes the cursor of the next page.
     */
    private static <T> void page(Call call, String field, Pager<T> pager, Function<T, String> key,
            Function<T, Map<String, Object>> shown) {
        int limit = limit(call);
        String from = call.query("cursor").map(AdminRoutes::decode).orElse("");
        List<T> items = pager.items(from, limit + 1);
        String next = null;
        if (items.size() > limit) {
            next = encode(key.apply(items.get(limit)));
            items = items.subList(0, limit);
        }
        call.ok(200, field, items.stream().map(shown).toList(), "next", next);
    }

    private static int limit(Call call) {
        String text = call.query("limit").orElse(null);
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw Args.invalid("limit", "Number must be an integer between 1 and " + MAX_LIMIT + ".");
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    private static HyperException badCursor() {
        return HyperException.refused("cursor is not valid: pass the 'next' of a previous page");
    }
}
