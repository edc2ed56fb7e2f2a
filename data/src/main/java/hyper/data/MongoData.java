package hyper.data;

import static hyper.core.data.Truthiness.isTruthy;
import static hyper.data.MongoErrors.engine;
import static hyper.data.MongoErrors.indexConflict;
import static hyper.data.MongoErrors.isDuplicateKey;
import static hyper.data.MongoErrors.isIndexConflict;
import static hyper.data.MongoErrors.reason;
import static hyper.data.MongoErrors.refusedDocument;
import static hyper.data.MongoErrors.translate;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import org.bson.BSONException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import hyper.core.HyperException;
import hyper.core.StoreInfo;
import hyper.core.HyperException.Fact;
import hyper.core.data.DatabaseName;
import hyper.core.BulkResult;
import hyper.core.data.DataPort;
import hyper.core.data.IndexSpec;
import hyper.core.data.ListOptions;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The data port on MongoDB, spoken to only through the official driver over the wire protocol: either an
 * embedded mongo-java-server persisting to an H2 file ({@link #embedded}) or any MongoDB deployment given by
 * a connection string ({@link #external}) — the same code serves both.
 *
 * <p>All hyper databases live in <em>one</em> MongoDB database (the connection string's database, or
 * {@value #DEFAULT_DATABASE}), each as one collection; {@link DatabaseCatalog} records which exist and why
 * they are mapped this way.
 */
public final class MongoData implements DataPort {

    private static final System.Logger LOG = System.getLogger(MongoData.class.getName());

    /** The MongoDB database used when the connection string names none. */
    static final String DEFAULT_DATABASE = "hyper";

    /** How long one query may run unless told otherwise. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final MongoClient client;
    private final DatabaseCatalog catalog;
    private final AutoCloseable engine;
    private final Duration queryTimeout;

    private MongoData(String connectionString, String defaultDatabase, AutoCloseable engine, Duration queryTimeout) {
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("the query timeout must be positive: " + queryTimeout);
        }
        this.queryTimeout = queryTimeout;
        ConnectionString url;
        try {
            url = new ConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            throw HyperException.refused("invalid MongoDB connection string: " + e.getMessage());
        }
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(url)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        MongoDatabase database = client.getDatabase(Optional.ofNullable(url.getDatabase()).orElse(defaultDatabase));
        this.catalog = new DatabaseCatalog(database, engine != null);
        this.engine = engine;
        try {
            database.runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            client.close();
            throw HyperException.failed("cannot reach MongoDB at " + url.getHosts() + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #embedded(Path, Duration)} with {@link #DEFAULT_QUERY_TIMEOUT}. */
    public static MongoData embedded(Path dir) {
        return embedded(dir, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * Starts mongo-java-server in this JVM on a free loopback port, persisting to a file in {@code dir}, and
     * connects to it. {@link #close()} stops it. A query that runs longer than {@code queryTimeout} is
     * stopped and fails with TIMED_OUT.
     */
    public static MongoData embedded(Path dir, Duration queryTimeout) {
        EmbeddedMongo engine = EmbeddedMongo.start(dir);
        try {
            MongoData data = new MongoData(engine.connectionString(), DEFAULT_DATABASE, engine, queryTimeout);
            // Worth knowing: any MongoDB tool (mongosh, Compass) can look at the data here while the server runs.
            LOG.log(System.Logger.Level.INFO, "embedded data engine listening on {0}/{1} (files in {2})",
                    engine.connectionString(), DEFAULT_DATABASE, dir.toAbsolutePath().normalize());
            return data;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** As {@link #external(String, Duration)} with {@link #DEFAULT_QUERY_TIMEOUT}. */
    public static MongoData external(String connectionString) {
        return external(connectionString, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * Connects to the MongoDB deployment of {@code connectionString} ({@code mongodb://} or
     * {@code mongodb+srv://}); its database path, if any, holds every hyper database. A query that runs
     * longer than {@code queryTimeout} is stopped by the deployment ({@code maxTimeMS}) and fails with
     * TIMED_OUT.
     */
    public static MongoData external(String connectionString, Duration queryTimeout) {
        return new MongoData(connectionString, DEFAULT_DATABASE, null, queryTimeout);
    }

    @Override
    public void createDatabase(DatabaseName db) {
        catalog.create(db);
    }

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(catalog.count());
    }

    @Override
    public List<StoreInfo> listStores() {
        return catalog.list();
    }

    @Override
    public void removeDatabase(DatabaseName db) {
        catalog.remove(db);
    }

    @Override
    public String create(DatabaseName db, Map<String, Object> doc) {
        return whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            String id = (String) doc.get("_id");
            try {
                docs.insertOne(Values.toBson(doc));
            } catch (MongoException e) {
                if (isDuplicateKey(e)) {
                    throw HyperException.of(Fact.ITEM_EXISTS, id);
                }
                throw translate(e);
            } catch (IllegalArgumentException | BSONException e) {
                throw refusedDocument(e); // the driver refuses field names like "$set" or with a NUL
            }
            return id;
        });
    }

    @Override
    public Map<String, Object> get(DatabaseName db, String id) {
        return whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            Document doc = engine(() -> docs.find(Filters.eq("_id", id)).first());
            if (doc == null) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND, id);
            }
            return Values.toJson(doc);
        });
    }

    @Override
    public void replace(DatabaseName db, String id, Map<String, Object> doc) {
        whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            try {
                docs.replaceOne(Filters.eq("_id", id), Values.toBson(doc), new ReplaceOptions().upsert(true));
            } catch (MongoException e) {
                throw translate(e);
            } catch (IllegalArgumentException | BSONException e) {
                throw refusedDocument(e);
            }
            return null;
        });
    }

    @Override
    public void remove(DatabaseName db, String id) {
        whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            long deleted = engine(() -> docs.deleteOne(Filters.eq("_id", id)).getDeletedCount());
            if (deleted == 0) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND, id);
            }
            return null;
        });
    }

    @Override
    public List<Map<String, Object>> list(DatabaseName db, ListOptions options) {
        return whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            List<Bson> filters = new ArrayList<>();
            options.startKey().ifPresent(k -> filters.add(Filters.gte("_id", k)));
            options.endKey().ifPresent(k -> filters.add(Filters.lte("_id", k)));
            options.keys().ifPresent(keys -> filters.add(Filters.in("_id", keys)));
            Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
            return engine(() -> withinTimeout(() -> toJson(docs.find(filter)
                    .sort(new Document("_id", options.descending() ? -1 : 1))
                    .limit(options.limit())
                    .maxTime(queryTimeout.toMillis(), TimeUnit.MILLISECONDS))));
        });
    }

    @Override
    public List<Map<String, Object>> query(DatabaseName db, Query query) {
        return whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            FindIterable<Document> found = docs.find(Values.toBson(query.selector()))
                    .limit(query.limit())
                    .skip(query.skip())
                    .maxTime(queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
            query.fields().filter(f -> !f.isEmpty()).ifPresent(fields -> found.projection(projection(fields)));
            if (!query.sort().isEmpty()) {
                found.sort(keys(query.sort()));
            }
            try {
                return withinTimeout(() -> toJson(found));
            } catch (MongoException e) {
                // Q6: a selector, projection or sort the engine refuses is the client's mistake, answered 400.
                throw translate(e);
            } catch (IllegalArgumentException | BSONException e) {
                throw refusedDocument(e);
            }
        });
    }

    @Override
    public void index(DatabaseName db, IndexSpec index) {
        whileExists(db, () -> {
            MongoCollection<Document> docs = catalog.collection(db);
            Document keys = keys(index.fields());
            // Checked here rather than left to the engine: real MongoDB and mongo-java-server disagree on these
            // cases, and the answer must not depend on the engine.
            for (Document existing : engine(() -> docs.listIndexes().into(new ArrayList<>()))) {
                Document existingKeys = existing.get("key", Document.class);
                if (index.name().equals(existing.getString("name"))) {
                    if (sameKeys(existingKeys, keys) && Objects.equals(existing.get("partialFilterExpression"),
                            index.partialFilter().map(Values::toBson).orElse(null))) {
                        return null; // re-creating an identical index is a no-op
                    }
                    throw indexConflict("index " + index.name()
                            + " fields do not match the existing index with the same name");
                }
                if (sameKeys(existingKeys, keys)) {
                    throw indexConflict("index " + existing.getString("name") + " already has fields "
                            + keys.toJson());
                }
            }
            for (SortField field : index.fields()) {
                if (field.field().startsWith("$")) {
                    // MongoDB's own rule; mongo-java-server stores such an index and then fails on it
                    throw HyperException.refused("index key field names cannot start with '$': " + field.field());
                }
            }
            index.partialFilter().ifPresent(MongoData::checkPartialFilter);
            IndexOptions options = new IndexOptions().name(index.name());
            index.partialFilter().ifPresent(f -> options.partialFilterExpression(Values.toBson(f)));
            try {
                docs.createIndex(keys, options);
            } catch (MongoException e) {
                if (isIndexConflict(e)) {
                    throw indexConflict(reason(e));
                }
                throw translate(e);
            } catch (IllegalArgumentException | BSONException e) {
                throw refusedDocument(e);
            }
            return null;
        });
    }

    @Override
    public List<IndexSpec> indexes(DatabaseName db) {
        return whileExists(db, () -> {
            List<IndexSpec> indexes = new ArrayList<>();
            for (Document index : engine(() -> catalog.collection(db).listIndexes().into(new ArrayList<>()))) {
                String name = index.getString("name");
                if (name == null || name.equals("_id_")) {
                    continue;
                }
                List<SortField> fields = new ArrayList<>();
                index.get("key", Document.class).forEach((field, direction) ->
                        fields.add(new SortField(field, direction instanceof Number n && n.intValue() < 0)));
                Optional<Map<String, Object>> partial = Optional.ofNullable(
                        index.get("partialFilterExpression", Document.class)).map(Values::toJson);
                indexes.add(new IndexSpec(name, fields, partial));
            }
            indexes.sort(java.util.Comparator.comparing(IndexSpec::name));
            return indexes;
        });
    }

    /** What MongoDB allows in a partial index filter; operands of the last three are arrays. */
    private static final Set<String> PARTIAL_FILTER_OPERATORS =
            Set.of("$eq", "$exists", "$gt", "$gte", "$lt", "$lte", "$type", "$in", "$and", "$or");

    /**
     * Refuses a partial filter MongoDB would refuse. mongo-java-server takes any (or stores it and then
     * fails), and a database holding such an index can no longer be removed cleanly.
     */
    private static void checkPartialFilter(Object filter) {
        if (filter instanceof Map<?, ?> map) {
            map.forEach((key, operand) -> {
                String name = String.valueOf(key);
                if (name.startsWith("$") && !PARTIAL_FILTER_OPERATORS.contains(name)) {
                    throw HyperException.refused("Expression not supported in partial index: " + name);
                }
                if (Set.of("$in", "$and", "$or").contains(name) && !(operand instanceof List)) {
                    throw HyperException.refused(name + " needs an array");
                }
                boolean logical = name.equals("$and") || name.equals("$or");
                if (logical && !((List<?>) operand).stream().allMatch(Map.class::isInstance)) {
                    throw HyperException.refused(name + " elements must be objects");
                }
                checkPartialFilter(operand);
            });
        } else if (filter instanceof List<?> list) {
            list.forEach(MongoData::checkPartialFilter);
        }
    }

    @Override
    public List<BulkResult> bulk(DatabaseName db, List<Map<String, Object>> docs) {
        return whileExists(db, () -> {
            MongoCollection<Document> collection = catalog.collection(db);
            List<WriteModel<Document>> writes = new ArrayList<>(docs.size());
            List<BulkResult> results = new ArrayList<>(docs.size());
            for (Map<String, Object> doc : docs) {
                String id = (String) doc.get("_id");
                if (isTruthy(doc.get("_deleted"))) {
                    writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                } else {
                    Document replacement = Values.toBson(doc);
                    replacement.remove("_update"); // a marker of the original's clients, never stored
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), replacement,
                            new ReplaceOptions().upsert(true)));
                }
                results.add(new BulkResult(true, id));
            }
            if (writes.isEmpty()) {
                return results;
            }
            try {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(true));
            } catch (MongoException e) {
                throw translate(e);
            } catch (IllegalArgumentException | BSONException e) {
                throw refusedDocument(e);
            }
            return results;
        });
    }

    /** Closes the driver, then the embedded engine if there is one (which commits and closes its file). */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (engine != null) {
                try {
                    engine.close();
                } catch (Exception e) {
                    throw HyperException.failed("closing the data engine failed", e);
                }
            }
        }
    }

    /**
     * Runs an operation on {@code db}. An engine failure while the database is being removed (its collection
     * dropped under a running write, which the embedded engine reports as a closed file) is STORE_NOT_FOUND,
     * as if the removal had come first: the database is gone, not broken.
     */
    private <T> T whileExists(DatabaseName db, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (HyperException e) {
            if (e.reason() == HyperException.Reason.INTERNAL && removed(db)) {
                throw HyperException.of(Fact.STORE_NOT_FOUND);
            }
            throw e;
        }
    }

    /** Whether {@code db} is gone; false when the engine cannot say, so that its first failure is reported. */
    private boolean removed(DatabaseName db) {
        try {
            return !catalog.exists(db);
        } catch (HyperException | IllegalStateException e) { // IllegalStateException: the client was closed
            return false;
        }
    }

    /**
     * Runs a read sent with the query time limit: the engine stopping it there is TIMED_OUT (503), neither a
     * fault of the request nor of the engine.
     */
    private <T> T withinTimeout(Supplier<T> read) {
        try {
            return read.get();
        } catch (MongoExecutionTimeoutException e) {
            long millis = queryTimeout.toMillis();
            throw HyperException.of(Fact.TIMED_OUT, millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms");
        }
    }

    private static Document keys(List<SortField> fields) {
        Document keys = new Document();
        fields.forEach(f -> keys.append(f.field(), f.descending() ? -1 : 1));
        return keys;
    }

    private static Document projection(List<String> fields) {
        Document projection = new Document();
        fields.forEach(f -> projection.append(f, 1));
        if (!fields.contains("_id")) {
            projection.append("_id", 0);
        }
        return projection;
    }

    /** Key patterns are equal when they name the same fields in the same order and directions. */
    private static boolean sameKeys(Document a, Document b) {
        if (a == null || a.size() != b.size()) {
            return false;
        }
        var left = a.entrySet().iterator();
        var right = b.entrySet().iterator();
        while (left.hasNext()) {
            var l = left.next();
            var r = right.next();
            if (!l.getKey().equals(r.getKey()) || !(l.getValue() instanceof Number ln)
                    || !(r.getValue() instanceof Number rn) || Math.signum(ln.doubleValue()) != Math.signum(rn.doubleValue())) {
                return false;
            }
        }
        return true;
    }

    private static List<Map<String, Object>> toJson(FindIterable<Document> found) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Document doc : found) {
            docs.add(Values.toJson(doc));
        }
        return docs;
    }
}
