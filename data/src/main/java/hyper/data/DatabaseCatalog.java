package hyper.data;

import static hyper.data.MongoErrors.engine;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import hyper.core.HyperException;
import hyper.core.StoreInfo;
import hyper.core.HyperException.Fact;
import hyper.core.data.Cuid;
import hyper.core.data.DatabaseName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * Which hyper databases exist. Each hyper database is <em>one collection</em> with a generated name
 * ({@code db_<cuid>}) in the adapter's one MongoDB database, and the meta collection {@value #META} maps each
 * hyper name to its collection. Why:
 * <ul>
 * <li>hyper names are free-form (spaces, any case, unicode, up to 255 characters), MongoDB database names are
 * not (no {@code /\. "$}, at most 63 bytes, case-insensitively unique); generated collection names sidestep
 * every such rule, and the meta collection keeps the names case-sensitive as in the original;</li>
 * <li>a hosted MongoDB user is typically granted one database; putting every hyper database in it means
 * {@code --data-url mongodb+srv://…/mydb} needs no further rights;</li>
 * <li>the meta document is the existence check: a database exists exactly while its meta document does, so
 * "create" and "remove" are single atomic writes (a duplicate {@code _id} is the 409), and a collection left
 * behind by a crash between the two steps is invisible and harmless.</li>
 * </ul>
 * The original used a MongoDB database per hyper database (named by a cuid) with the same kind of meta
 * mapping; the observable behaviour is the same.
 */
final class DatabaseCatalog {

    /** The collection mapping hyper database names to collection names. */
    static final String META = "hyper_databases";
    /** The original's meta database name, which it refused as a hyper database name; refused here too. */
    static final String RESERVED = "meta-cl1ld3td500003e68rc2f8o6x";

    private static final System.Logger LOG = System.getLogger(DatabaseCatalog.class.getName());

    private final MongoDatabase database;
    private final MongoCollection<Document> meta;
    /**
     * The collections of the databases looked up so far, when this process is the only writer of the catalog;
     * null otherwise. Saves a round trip to the engine on every operation (it was half the cost of a get by id).
     */
    private final ConcurrentHashMap<String, MongoCollection<Document>> known;

    /**
     * @param soleWriter whether no other process changes the catalog (the embedded engine, whose data
     *     directory this process has locked): its mapping may then be remembered. Servers sharing one
     *     MongoDB must ask it every time, since another server may remove a database at any moment.
     */
    DatabaseCatalog(MongoDatabase database, boolean soleWriter) {
        this.database = database;
        this.meta = database.getCollection(META);
        this.known = soleWriter ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Creates the collection, then records {@code db}; STORE_EXISTS if it is already recorded. In this order
     * a writer, which finds the database through its record, never meets a database without its collection
     * and never creates the collection itself, racing this create (engines handle that race badly).
     */
    void create(DatabaseName db) {
        checkName(db);
        String collection = "db_" + Cuid.next();
        engine(() -> {
            database.createCollection(collection);
            return null;
        });
        try {
            meta.insertOne(new Document("_id", db.value()).append("collection", collection).append("type", "database")
                    .append("createdAt", Instant.now().toString()));
        } catch (MongoException e) {
            dropQuietly(collection); // recorded by a concurrent create, or not at all: this one is unused
            if (MongoErrors.isDuplicateKey(e)) {
                throw HyperException.of(Fact.STORE_EXISTS);
            }
            throw MongoErrors.translate(e);
        }
    }

    private void dropQuietly(String collection) {
        try {
            database.getCollection(collection).drop();
        } catch (MongoException e) {
            // an empty collection nobody refers to: harmless if it stays
        }
    }

    /** How many hyper databases exist: their meta documents. */
    long count() {
        return engine(() -> meta.countDocuments());
    }

    /**
     * Every hyper database, sorted by name, with the engine's estimate of its documents (a count kept in the
     * collection's metadata on MongoDB, not a scan).
     */
    List<StoreInfo> list() {
        List<Document> entries = engine(() -> meta.find().sort(new Document("_id", 1)).into(new ArrayList<>()));
        List<StoreInfo> stores = new ArrayList<>(entries.size());
        for (Document entry : entries) {
            long docs = engine(() -> database.getCollection(entry.getString("collection")).estimatedDocumentCount());
            stores.add(new StoreInfo(entry.getString("_id"), OptionalLong.of(docs)));
        }
        return stores;
    }

    /** Forgets {@code db} (from then on it is gone), then drops its collection; STORE_NOT_FOUND if unknown. */
    void remove(DatabaseName db) {
        checkName(db);
        Document entry = engine(() -> meta.findOneAndDelete(Filters.eq("_id", db.value())));
        if (known != null) {
            // after the delete: a lookup running now either found the record and is put in before this
            // removal (computeIfAbsent holds the key meanwhile), or finds none and puts nothing
            known.remove(db.value());
        }
        if (entry == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        try {
            database.getCollection(entry.getString("collection")).drop();
        } catch (MongoException e) {
            // The database went with its meta document: a collection the engine fails to drop stays behind
            // unseen, as after a crash between the two steps, and the removal has still happened.
            LOG.log(System.Logger.Level.WARNING, "cannot drop the collection of removed database " + db.value(), e);
        }
    }

    /** Whether hyper database {@code db} exists now. */
    boolean exists(DatabaseName db) {
        return engine(() -> meta.find(Filters.eq("_id", db.value())).first()) != null;
    }

    /** The collection of hyper database {@code db}; STORE_NOT_FOUND if there is none. */
    MongoCollection<Document> collection(DatabaseName db) {
        checkName(db);
        MongoCollection<Document> collection = known == null ? lookUp(db.value())
                : known.computeIfAbsent(db.value(), this::lookUp); // a null answer is not remembered
        if (collection == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return collection;
    }

    private MongoCollection<Document> lookUp(String name) {
        Document entry = engine(() -> meta.find(Filters.eq("_id", name)).first());
        return entry == null ? null : database.getCollection(entry.getString("collection"));
    }

    private static void checkName(DatabaseName db) {
        if (db.value().equals(RESERVED)) {
            throw HyperException.of(Fact.NAME_RESERVED, RESERVED);
        }
    }
}
