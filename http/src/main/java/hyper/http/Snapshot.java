package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.data.DatabaseName;
import hyper.core.data.ListOptions;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueueTarget;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchKeys;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import hyper.core.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The admin API's export and import: every store of the five services as one JSON document (the format is in
 * {@code docs/admin.md}). An import checks the whole document before it writes anything, so a bad snapshot
 * names its first mistake and changes nothing.
 */
final class Snapshot {

    static final String FORMAT = "hyper-nano snapshot";
    static final int VERSION = 1;
    private static final int PAGE = 1000;

    private Snapshot() {}

    // ---- export

    /** Every store of every service, read store by store (each page as it is at that moment). */
    static Map<String, Object> export(Services services) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("format", FORMAT);
        snapshot.put("version", VERSION);
        Map<String, Object> data = new LinkedHashMap<>();
        for (StoreInfo db : services.data().listStores()) {
            DatabaseName name = DatabaseName.of(db.name());
            data.put(db.name(), Map.of("docs", all((from, n) -> services.data().list(name, new ListOptions(n,
                    from.isEmpty() ? Optional.empty() : Optional.of(from), Optional.empty(), Optional.empty(), false)),
                    doc -> String.valueOf(doc.get("_id")), doc -> doc)));
        }
        snapshot.put("data", data);
        Map<String, Object> cache = new LinkedHashMap<>();
        for (StoreInfo store : services.cache().listStores()) {
            CacheName name = CacheName.of(store.name());
            cache.put(store.name(), Map.of("entries", all((from, n) -> services.cache().entries(name, from, n),
                    CacheItem::key, item -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("key", item.key());
                        entry.put("value", item.value());
                        entry.put("ttl", item.ttl().map(Duration::toMillis).orElse(null));
                        return entry;
                    })));
        }
        snapshot.put("cache", cache);
        Map<String, Object> storage = new LinkedHashMap<>();
        for (StoreInfo bucket : services.storage().listStores()) {
            BucketName name = BucketName.of(bucket.name());
            storage.put(bucket.name(), Map.of("objects", all(
                    (from, n) -> services.storage().objects(name, "", false, from, n), BucketEntry::path, entry -> {
                        Map<String, Object> object = new LinkedHashMap<>();
                        object.put("path", entry.path());
                        object.put("base64", Base64.getEncoder().encodeToString(bytes(services, name, entry.path())));
                        return object;
                    })));
        }
        snapshot.put("storage", storage);
        Map<String, Object> search = new LinkedHashMap<>();
        for (StoreInfo index : services.search().listStores()) {
            IndexName name = IndexName.of(index.name());
            IndexFields fields = services.search().fields(name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("fields", fields.fields());
            entry.put("storeFields", fields.storeFields());
            entry.put("docs", all((from, n) -> services.search().documents(name, from, n),
                    doc -> String.valueOf(doc.get("_id")), doc -> doc));
            search.put(index.name(), entry);
        }
        snapshot.put("search", search);
        Map<String, Object> queue = new LinkedHashMap<>();
        for (StoreInfo store : services.queue().listStores()) {
            QueueName name = QueueName.of(store.name());
            QueueTarget target = services.queue().target(name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("target", target.target().toString());
            entry.put("secret", target.secret().orElse(null));
            entry.put("retries", target.retries().isPresent() ? target.retries().getAsInt() : null);
            entry.put("jobs", all((from, n) -> services.queue().jobs(name, Optional.empty(),
                    from.isEmpty() ? 0 : Long.parseLong(from), n), job -> Long.toString(job.id()), Snapshot::job));
            queue.put(store.name(), entry);
        }
        snapshot.put("queue", queue);
        return snapshot;
    }

    private static Map<String, Object> job(Job job) {
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("status", job.status().name());
        listed.put("job", job.job());
        listed.put("error", job.error().orElse(null));
        return listed;
    }

    private interface Pager<T> {
        List<T> items(String from, int n);
    }

    private static <T> List<Map<String, Object>> all(Pager<T> pager, Function<T, String> key,
            Function<T, Map<String, Object>> shown) {
        List<Map<String, Object>> all = new ArrayList<>();
        String from = "";
        while (true) {
            List<T> items = pager.items(from, PAGE + 1);
            items.stream().limit(PAGE).map(shown).forEach(all::add);
            if (items.size() <= PAGE) {
                return all;
            }
            from = key.apply(items.get(PAGE));
        }
    }

    private static byte[] bytes(Services services, BucketName bucket, String path) {
        try (StoredObject object = services.storage().open(bucket, path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(object.size(), 1 << 20));
            object.copyTo(0, object.size(), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw HyperException.failed("cannot read " + bucket.value() + "/" + path, e);
        }
    }

    // ---- import

    /** What an import writes, checked whole before any of it runs. */
    static final class Plan {
        private final List<Runnable> creates = new ArrayList<>();
        private final List<Runnable> writes = new ArrayList<>();

        /** Creates the stores (those that exist already stay as they are), then writes every item. */
        void apply() {
            creates.forEach(Runnable::run);
            writes.forEach(Runnable::run);
        }
    }

    /**
     * Checks {@code snapshot} and plans its import; an INVALID fact naming the first mistake's place
     * ({@code cache.sessions.entries[2].key: key is not valid}) when it is not a snapshot this server can load.
     */
    static Plan plan(Map<String, Object> snapshot, Services services) {
        Plan plan = new Plan();
        at("format", () -> {
            if (!FORMAT.equals(snapshot.get("format")) || !Integer.valueOf(VERSION).equals(snapshot.get("version"))) {
                throw HyperException.invalid("not a " + FORMAT + " of version " + VERSION);
            }
        });
        for (String key : snapshot.keySet()) {
            if (!key.equals("format") && !key.equals("version") && !Service.ids().contains(key)) {
                at(key, () -> {
                    throw HyperException.invalid("unknown section");
                });
            }
        }
        stores(snapshot, "data", Service.DATA, (where, name, store) -> {
            DatabaseName db = DatabaseName.of(name);
            plan.creates.add(() -> existing(() -> services.data().createDatabase(db)));
            List<Object> docs = list(store, "docs", where);
            for (int i = 0; i < docs.size(); i++) {
                Map<String, Object> doc = object(docs.get(i), where + ".docs[" + i + "]");
                if (!(doc.get("_id") instanceof String id)) {
                    throw placed(where + ".docs[" + i + "]._id", "must be a string");
                }
                plan.writes.add(() -> services.data().replace(db, id, doc));
            }
        });
        stores(snapshot, "cache", Service.CACHE, (where, name, store) -> {
            CacheName cache = CacheName.of(name);
            plan.creates.add(() -> existing(() -> services.cache().createStore(cache)));
            List<Object> entries = list(store, "entries", where);
            for (int i = 0; i < entries.size(); i++) {
                String place = where + ".entries[" + i + "]";
                Map<String, Object> entry = object(entries.get(i), place);
                CacheKey key = at(place + ".key", () -> CacheKey.of(string(entry.get("key"), "a string")));
                Map<String, Object> value = object(entry.get("value"), place + ".value");
                Optional<Duration> ttl = switch (entry.get("ttl")) {
                    case null -> Optional.empty();
                    case Number millis when millis.longValue() > 0 -> Optional.of(Duration.ofMillis(millis.longValue()));
                    case Number expired -> Optional.of(Duration.ZERO);
                    default -> throw placed(place + ".ttl", "must be milliseconds or null");
                };
                if (ttl.filter(Duration::isZero).isEmpty()) {
                    plan.writes.add(() -> services.cache().set(cache, key, value, ttl));
                }
            }
        });
        stores(snapshot, "storage", Service.STORAGE, (where, name, store) -> {
            BucketName bucket = BucketName.of(name);
            plan.creates.add(() -> existing(() -> services.storage().createBucket(bucket)));
            List<Object> objects = list(store, "objects", where);
            for (int i = 0; i < objects.size(); i++) {
                String place = where + ".objects[" + i + "]";
                Map<String, Object> object = object(objects.get(i), place);
                String path = at(place + ".path", () -> string(object.get("path"), "a string"));
                byte[] bytes = at(place + ".base64", () -> {
                    try {
                        return Base64.getDecoder().decode(string(object.get("base64"), "a base64 string"));
                    } catch (IllegalArgumentException e) {
                        throw HyperException.invalid("must be base64");
                    }
                });
                plan.writes.add(() -> services.storage().put(bucket, path, new ByteArrayInputStream(bytes)));
            }
        });
        stores(snapshot, "search", Service.SEARCH, (where, name, store) -> {
            IndexName index = IndexName.of(name);
            IndexFields fields = new IndexFields(strings(store.get("fields"), where + ".fields"),
                    strings(store.getOrDefault("storeFields", List.of()), where + ".storeFields"));
            plan.creates.add(() -> existing(() -> services.search().createIndex(index, fields)));
            List<Object> docs = list(store, "docs", where);
            List<Map<String, Object>> checked = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                String place = where + ".docs[" + i + "]";
                Map<String, Object> doc = object(docs.get(i), place);
                if (!(doc.get("_id") instanceof String key) || !SearchKeys.isValid(key)) {
                    throw placed(place + "._id", "must be a valid key");
                }
                checked.add(doc);
            }
            plan.writes.add(() -> loadDocuments(services, index, checked));
        });
        stores(snapshot, "queue", Service.QUEUE, (where, name, store) -> {
            QueueName queue = QueueName.of(name);
            URI url = at(where + ".target", () -> QueueTarget.parseUrl(string(store.get("target"), "a URL"))
                    .orElseThrow(() -> HyperException.invalid("must be an http(s) URL")));
            Optional<String> secret = at(where + ".secret", () -> store.get("secret") == null ? Optional.empty()
                    : Optional.of(string(store.get("secret"), "a string or null")));
            OptionalInt retries = at(where + ".retries", () -> switch (store.get("retries")) {
                case null -> OptionalInt.empty();
                case Integer n when QueueTarget.isRetryCount(n) -> OptionalInt.of(n);
                default -> throw HyperException.invalid("must be 0 to " + QueueTarget.MAX_RETRIES + " or null");
            });
            QueueTarget target = at(where, () -> {
                try {
                    return new QueueTarget(url, secret, retries);
                } catch (IllegalArgumentException e) {
                    throw HyperException.invalid(e.getMessage());
                }
            });
            plan.creates.add(() -> existing(() -> services.queue().create(queue, target)));
            List<Object> jobs = list(store, "jobs", where);
            for (int i = 0; i < jobs.size(); i++) {
                String place = where + ".jobs[" + i + "]";
                Map<String, Object> job = object(jobs.get(i), place);
                JobStatus status = at(place + ".status", () -> switch (String.valueOf(job.get("status"))) {
                    case "READY" -> JobStatus.READY;
                    case "ERROR" -> JobStatus.ERROR;
                    default -> throw HyperException.invalid("must be READY or ERROR");
                });
                Map<String, Object> body = object(job.get("job"), place + ".job");
                Optional<String> error = job.get("error") instanceof String s ? Optional.of(s) : Optional.empty();
                plan.writes.add(() -> services.queue().restore(queue, body, status, error));
            }
        });
        return plan;
    }

    @FunctionalInterface
    private interface StorePlan {
        void plan(String where, String name, Map<String, Object> store);
    }

    private static void stores(Map<String, Object> snapshot, String section, Service service, StorePlan plan) {
        Object stores = snapshot.get(section);
        if (stores == null) {
            return;
        }
        Map<String, Object> byName = object(stores, section);
        byName.forEach((name, store) -> {
            String where = section + "." + name;
            try {
                plan.plan(where, name, object(store, where));
            } catch (HyperException e) {
                if (isPlaced(e)) {
                    throw e;
                }
                throw placed(where, Messages.of(e, service));
            }
        });
    }

    private static <T> T at(String place, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (HyperException e) {
            throw isPlaced(e) ? e : placed(place, Messages.of(e, null));
        }
    }

    private static void at(String place, Runnable check) {
        at(place, () -> {
            check.run();
            return null;
        });
    }

    private static HyperException placed(String place, String problem) {
        return HyperException.invalid(PLACED + place + ": " + problem);
    }

    private static final String PLACED = "snapshot ";

    private static boolean isPlaced(HyperException e) {
        return e.fact() == HyperException.Fact.INVALID && e.detail().startsWith(PLACED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String place) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw placed(place, "must be an object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> store, String field, String where) {
        Object value = store.getOrDefault(field, List.of());
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw placed(where + "." + field, "must be an array");
    }

    private static List<String> strings(Object value, String place) {
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw placed(place, "must be an array of strings");
    }

    private static String string(Object value, String expected) {
        if (value instanceof String s) {
            return s;
        }
        throw HyperException.invalid("must be " + expected);
    }

    /**
     * Loads documents as a bulk load stores them (each as it is, its {@code _id} where it stands); into an
     * index that has some of the keys already (a merge), one by one over them.
     */
    private static void loadDocuments(Services services, IndexName index, List<Map<String, Object>> docs) {
        for (int at = 0; at < docs.size(); at += PAGE) {
            List<Map<String, Object>> batch = docs.subList(at, Math.min(docs.size(), at + PAGE));
            try {
                services.search().load(index, batch);
            } catch (HyperException e) {
                if (e.fact() != HyperException.Fact.ITEM_EXISTS) {
                    throw e;
                }
                batch.forEach(doc -> services.search().update(index, (String) doc.get("_id"), doc));
            }
        }
    }

    /** Runs a create; a store that exists already is kept, as a merge wants. */
    private static void existing(Runnable create) {
        try {
            create.run();
        } catch (HyperException e) {
            if (e.fact() != HyperException.Fact.STORE_EXISTS) {
                throw e;
            }
        }
    }
}
