package hyper.http;

import com.fasterxml.jackson.core.JsonGenerator;
import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.cache.Ttl;
import hyper.core.data.DatabaseName;
import hyper.core.data.IndexSpec;
import hyper.core.data.ListOptions;
import hyper.core.data.SortField;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Writes every store of every service to {@code out} as one JSON document, store by store and page by
     * page (each page as it is at that moment), storage bytes streamed as base64: memory stays bounded by a
     * page, whatever the size of the stores.
     */
    static void write(Services services, OutputStream out, StoreGate gate) throws IOException {
        try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);

            json.writeObjectFieldStart("data");
            for (StoreInfo db : services.data().listStores()) {
                DatabaseName name = DatabaseName.of(db.name());
                gate.alone(Service.DATA, db.name(), () -> {
                    json.writeObjectFieldStart(db.name());
                    json.writeArrayFieldStart("indexes");
                    for (IndexSpec index : services.data().indexes(name)) {
                        json.writeObject(index(index));
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("docs");
                    pages((from, n) -> services.data().list(name, new ListOptions(n,
                            from.isEmpty() ? Optional.empty() : Optional.of(from), Optional.empty(), Optional.empty(), false)),
                            doc -> String.valueOf(doc.get("_id")), json::writeObject);
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            json.writeEndObject();

            json.writeObjectFieldStart("cache");
            for (StoreInfo store : services.cache().listStores()) {
                CacheName name = CacheName.of(store.name());
                gate.alone(Service.CACHE, store.name(), () -> {
                    json.writeObjectFieldStart(store.name());
                    json.writeArrayFieldStart("entries");
                    pages((from, n) -> services.cache().entries(name, from, n), CacheItem::key, item -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("key", item.key());
                        entry.put("value", item.value());
                        entry.put("ttl", item.ttl().map(Duration::toMillis).orElse(null));
                        json.writeObject(entry);
                    });
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            json.writeEndObject();

            json.writeObjectFieldStart("storage");
            for (StoreInfo bucket : services.storage().listStores()) {
                BucketName name = BucketName.of(bucket.name());
                gate.alone(Service.STORAGE, bucket.name(), () -> {
                    json.writeObjectFieldStart(bucket.name());
                    json.writeArrayFieldStart("objects");
                    pages((from, n) -> services.storage().objects(name, "", false, from, n), BucketEntry::path, entry -> {
                        json.writeStartObject();
                        json.writeStringField("path", entry.path());
                        json.writeFieldName("base64");
                        try (StoredObject object = services.storage().open(name, entry.path())) {
                            json.writeString(new Base64Reader(object), -1);
                        }
                        json.writeEndObject();
                    });
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            json.writeEndObject();

            json.writeObjectFieldStart("search");
            for (StoreInfo index : services.search().listStores()) {
                IndexName name = IndexName.of(index.name());
                IndexFields fields = services.search().fields(name);
                gate.alone(Service.SEARCH, index.name(), () -> {
                    json.writeObjectFieldStart(index.name());
                    json.writeObjectField("fields", fields.fields());
                    json.writeObjectField("storeFields", fields.storeFields());
                    json.writeArrayFieldStart("docs");
                    pages((from, n) -> services.search().documents(name, from, n), doc -> String.valueOf(doc.get("_id")),
                            json::writeObject);
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            json.writeEndObject();

            json.writeObjectFieldStart("queue");
            for (StoreInfo store : services.queue().listStores()) {
                QueueName name = QueueName.of(store.name());
                QueueTarget target = services.queue().target(name);
                gate.alone(Service.QUEUE, store.name(), () -> {
                    json.writeObjectFieldStart(store.name());
                    json.writeStringField("target", target.target().toString());
                    json.writeObjectField("secret", target.secret().orElse(null));
                    json.writeObjectField("retries", target.retries().isPresent() ? target.retries().getAsInt() : null);
                    json.writeArrayFieldStart("jobs");
                    pages((from, n) -> services.queue().jobs(name, Optional.empty(), from.isEmpty() ? 0 : Long.parseLong(from), n),
                            job -> Long.toString(job.id()), job -> json.writeObject(job(job)));
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            json.writeEndObject();

            json.writeEndObject();
        }
    }

    private static Map<String, Object> index(IndexSpec index) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("name", index.name());
        // as the hyper API takes them: all names when every field ascends, else all {"field": "ASC"|"DESC"}
        boolean ascending = index.fields().stream().noneMatch(SortField::descending);
        written.put("fields", index.fields().stream().map(f -> ascending ? (Object) f.field()
                : Map.of(f.field(), f.descending() ? "DESC" : "ASC")).toList());
        index.partialFilter().ifPresent(filter -> written.put("partialFilter", filter));
        return written;
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

    private interface Writer<T> {
        void write(T item) throws IOException;
    }

    /** Every item of a store, a page at a time: a page is asked for one item more, whose key starts the next. */
    private static <T> void pages(Pager<T> pager, Function<T, String> key, Writer<T> writer) throws IOException {
        String from = "";
        while (true) {
            List<T> items = pager.items(from, PAGE + 1);
            for (T item : items.subList(0, Math.min(PAGE, items.size()))) {
                writer.write(item);
            }
            if (items.size() <= PAGE) {
                return;
            }
            from = key.apply(items.get(PAGE));
        }
    }

    /**
     * An object's bytes as base64 text, read a chunk at a time: chunks are a multiple of three bytes, so
     * their encodings join into the encoding of the whole.
     */
    private static final class Base64Reader extends Reader {
        private static final int CHUNK = 3 * 64 * 1024;
        private final StoredObject object;
        private long offset;
        private String encoded = "";
        private int at;

        Base64Reader(StoredObject object) {
            this.object = object;
        }

        @Override
        public int read(char[] buffer, int start, int length) throws IOException {
            if (at == encoded.length()) {
                if (offset >= object.size()) {
                    return -1;
                }
                int n = (int) Math.min(CHUNK, object.size() - offset);
                ByteArrayOutputStream chunk = new ByteArrayOutputStream(n);
                object.copyTo(offset, n, chunk);
                offset += n;
                encoded = Base64.getEncoder().encodeToString(chunk.toByteArray());
                at = 0;
            }
            int n = Math.min(length, encoded.length() - at);
            encoded.getChars(at, at + n, buffer, start);
            at += n;
            return n;
        }

        @Override
        public void close() {
            // the object is closed by whoever opened it
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
     *
     * @param files where the files a seed names ({@code "file": "img/logo.png"}) are: beside the seed file;
     *     empty for a snapshot sent over HTTP, which may not name files of the server's machine
     */
    static Plan plan(Map<String, Object> snapshot, Services services, Optional<Path> files) {
        Plan plan = new Plan();
        // A seed written by hand says so too: what a file is must not be guessed from its sections.
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
            List<Object> indexes = list(store, "indexes", where);
            for (int i = 0; i < indexes.size(); i++) {
                IndexSpec index = index(object(indexes.get(i), where + ".indexes[" + i + "]"), where + ".indexes[" + i + "]");
                plan.creates.add(() -> services.data().index(db, index));
            }
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
                    // as a seed writes it, in the hyper API's form: "30s", "5m", "1h", "1d"
                    case String text -> at(place + ".ttl", () -> Ttl.parse(text));
                    default -> throw placed(place + ".ttl", "must be milliseconds, a time such as \"5m\", or null");
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
                Content content = content(object, place, files);
                plan.writes.add(() -> {
                    try (InputStream in = content.open()) {
                        services.storage().put(bucket, path, in);
                    } catch (IOException e) {
                        throw HyperException.invalid(PLACED + place + ".file: cannot read it: " + e.getMessage());
                    }
                });
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

    /** The bytes of a storage object: exactly one of {@code base64}, {@code text} (UTF-8) or {@code file}. */
    @FunctionalInterface
    private interface Content {
        InputStream open() throws IOException;
    }

    private static Content content(Map<String, Object> object, String place, Optional<Path> files) {
        List<String> given = java.util.stream.Stream.of("base64", "text", "file").filter(object::containsKey).toList();
        if (given.size() != 1) {
            throw placed(place, "needs exactly one of base64, text or file");
        }
        switch (given.getFirst()) {
            case "base64" -> {
                byte[] bytes = at(place + ".base64", () -> {
                    try {
                        return Base64.getDecoder().decode(string(object.get("base64"), "a base64 string"));
                    } catch (IllegalArgumentException e) {
                        throw HyperException.invalid("must be base64");
                    }
                });
                return () -> new ByteArrayInputStream(bytes);
            }
            case "text" -> {
                byte[] bytes = at(place + ".text", () -> string(object.get("text"), "a string"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return () -> new ByteArrayInputStream(bytes);
            }
            default -> {
                String name = at(place + ".file", () -> string(object.get("file"), "a file name"));
                Path dir = files.orElseThrow(() -> placed(place + ".file",
                        "only a seed file on disk may name files (send base64 or text)"));
                Path file = dir.resolve(name);
                // Read when the import runs (objects are streamed, not held); checked now so a missing one
                // stops the import before anything is written.
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw placed(place + ".file", "no readable file " + file);
                }
                return () -> Files.newInputStream(file);
            }
        }
    }

    /** A data index as a seed writes it: {@code {"name": "by-year", "fields": ["year", {"title": "DESC"}]}}. */
    private static IndexSpec index(Map<String, Object> index, String place) {
        String name = at(place + ".name", () -> string(index.get("name"), "a string"));
        if (name.isEmpty()) {
            throw placed(place + ".name", "must not be empty");
        }
        if (!(index.get("fields") instanceof List<?> list) || list.isEmpty()) {
            throw placed(place + ".fields", "must be a non-empty array");
        }
        List<SortField> fields = new ArrayList<>();
        for (Object field : list) {
            switch (field) {
                case String ascending when !ascending.isEmpty() -> fields.add(new SortField(ascending, false));
                case Map<?, ?> one when one.size() == 1
                        && (one.values().contains("ASC") || one.values().contains("DESC")) -> {
                    var entry = one.entrySet().iterator().next();
                    fields.add(new SortField(String.valueOf(entry.getKey()), "DESC".equals(entry.getValue())));
                }
                default -> throw placed(place + ".fields", "each must be a field name or {\"field\": \"ASC\"|\"DESC\"}");
            }
        }
        Object partial = index.get("partialFilter");
        if (partial != null && !(partial instanceof Map)) {
            throw placed(place + ".partialFilter", "must be an object");
        }
        @SuppressWarnings("unchecked")
        Optional<Map<String, Object>> partialFilter = Optional.ofNullable((Map<String, Object>) partial);
        return at(place, () -> new IndexSpec(name, fields, partialFilter));
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
