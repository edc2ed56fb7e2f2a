package hyper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.Cuid;
import hyper.core.data.DataPort;
import hyper.core.data.DatabaseName;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data port contract on the embedded engine, as the server opens it, plus what only this adapter has:
 * its file, its reserved name, its connection strings.
 */
class MongoDataTest extends hyper.testing.DataPortContract {

    @Override
    protected DataPort openPort(Path dir) {
        return MongoData.embedded(dir.resolve("data"));
    }

    @Test
    void closeReleasesTheFileAndReopeningFindsEverything(@TempDir Path own) {
        try (MongoData data = MongoData.embedded(own)) {
            data.createDatabase(DatabaseName.of("kept"));
            data.create(DatabaseName.of("kept"), Map.of("_id", "a", "v", 1));
        }
        try (MongoData again = MongoData.embedded(own)) {
            assertEquals(Map.of("_id", "a", "v", 1), again.get(DatabaseName.of("kept"), "a"));
            assertEquals(Fact.STORE_EXISTS,
                    assertThrows(HyperException.class, () -> again.createDatabase(DatabaseName.of("kept"))).fact());
        }
    }

    @Test
    void theOriginalsMetaDatabaseNameIsReserved() {
        DatabaseName meta = DatabaseName.of("meta-cl1ld3td500003e68rc2f8o6x");
        for (Executable call : List.<Executable>of(() -> port.createDatabase(meta), () -> port.removeDatabase(meta),
                () -> port.get(meta, "a"))) {
            HyperException e = assertThrows(HyperException.class, call);
            assertEquals(Fact.NAME_RESERVED, e.fact());
        }
    }

    @Test
    void aDatabaseIsRemovedEvenWhenTheEngineCannotDropItsCollection(@TempDir Path own) {
        DatabaseName db = DatabaseName.of("stuck");
        try (EmbeddedMongo engine = EmbeddedMongo.start(own);
                MongoData data = MongoData.external(engine.connectionString());
                MongoClient client = MongoClients.create(engine.connectionString())) {
            data.createDatabase(db);
            data.create(db, Map.of("_id", "a", "title", "t"));
            MongoDatabase hyper = client.getDatabase(MongoData.DEFAULT_DATABASE);
            String collection = hyper.getCollection(DatabaseCatalog.META).find(new Document("_id", "stuck")).first()
                    .getString("collection");
            // an index the engine keeps although it refuses it, and then fails to drop
            assertThrows(MongoException.class, () -> hyper.getCollection(collection).createIndex(new Document("$t", 1)));
            data.removeDatabase(db);
            assertEquals(Fact.STORE_NOT_FOUND, assertThrows(HyperException.class, () -> data.get(db, "a")).fact());
        }
    }

    @Test
    void aRemovedDatabaseIsForgottenAlsoWithLookupsRacingTheRemoval(@TempDir Path own) throws Exception {
        try (MongoData data = MongoData.embedded(own);
                var readers = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 50; round++) {
                DatabaseName db = DatabaseName.of("racing" + round);
                data.createDatabase(db);
                data.create(db, Map.of("_id", "a"));
                var lookups = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < 4; i++) {
                    lookups.add(readers.submit(() -> {
                        for (int j = 0; j < 20; j++) {
                            try {
                                data.get(db, "a");
                            } catch (HyperException gone) {
                                // the removal came first
                            }
                        }
                    }));
                }
                data.removeDatabase(db);
                for (var lookup : lookups) {
                    lookup.get();
                }
                assertEquals(Fact.STORE_NOT_FOUND,
                        assertThrows(HyperException.class, () -> data.create(db, Map.of("_id", "b"))).fact());
            }
        }
    }

    @Test
    void serversSharingOneMongoDbSeeEachOthersRemovals(@TempDir Path own) {
        DatabaseName db = DatabaseName.of("shared");
        try (EmbeddedMongo engine = EmbeddedMongo.start(own);
                MongoData one = MongoData.external(engine.connectionString());
                MongoData other = MongoData.external(engine.connectionString())) {
            one.createDatabase(db);
            other.create(db, Map.of("_id", "a"));
            one.removeDatabase(db);
            assertEquals(Fact.STORE_NOT_FOUND, assertThrows(HyperException.class, () -> other.get(db, "a")).fact());
            assertEquals(Fact.STORE_NOT_FOUND,
                    assertThrows(HyperException.class, () -> other.create(db, Map.of("_id", "b"))).fact());
        }
    }

    @Test
    void anInvalidConnectionStringIsRefused() {
        HyperException e = assertThrows(HyperException.class, () -> MongoData.external("not a url"));
        assertEquals(Fact.REFUSED, e.fact());
        assertTrue(e.detail().contains("connection string"), e.detail());
    }

    @Test
    void cuidsAreWellFormedAndUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Cuid.next();
            assertTrue(id.matches("c[0-9a-z]{24}"), id);
            ids.add(id);
        }
        assertEquals(20_000, ids.size());
    }
}
