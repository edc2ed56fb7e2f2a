package hyper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.backend.KeyValue;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.DatabaseName;
import hyper.core.data.ListOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique ({@code _id}) indexes of the embedded engine in the order of their values, and files of the
 * earlier version (keys compared and written, documents written, by Java serialisation) read, their indexes
 * rewritten once when opened, from whatever state a kill left the rewrite in.
 */
class UniqueIndexKeysTest {

    private static final DatabaseName DB = DatabaseName.of("keys");
    private static final String ID_INDEX = "._index__id_";

    @TempDir
    Path dir;

    /** Ids whose serialised order differs from their value order: the serialisation puts shorter strings first. */
    private final List<String> ids = ids();

    private static List<String> ids() {
        List<String> ids = new ArrayList<>(List.of("b", "aa", "Z", "zz-top", "é", "1", "10", "9", "ab c"));
        Random random = new Random(7);
        for (int i = 0; i < 600; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = 1 + random.nextInt(14); n > 0; n--) {
                id.append((char) ('a' + random.nextInt(26)));
            }
            if (!ids.contains(id.toString())) {
                ids.add(id.toString());
            }
        }
        return ids;
    }

    @Test
    void aNewStoreKeepsItsIdIndexInTheOrderOfTheValues() {
        load();
        List<Object> keys = idIndexKeys();
        assertEquals(ids.size(), keys.size());
        assertEquals(ids.stream().sorted().toList(), keys, "the index walks ids in their order");
        everyIdIsFoundAndNoneTwice();
    }

    @Test
    void aFileInTheOldOrderIsRewrittenOnceOnOpening() {
        load();
        rewriteInTheOldOrder(index -> {});
        assertFalse(ids.stream().sorted().toList().equals(idIndexKeys()), "the set-up wrote the old order");
        everyIdIsFoundAndNoneTwice();
        assertEquals(ids.stream().sorted().toList(), idIndexKeys());
        assertFalse(mapNames().stream().anyMatch(name -> name.endsWith(UniqueIndexKeys.REORDERING)));
    }

    @Test
    void aRewriteKilledHalfwayIsMadeAgain() {
        load();
        rewriteInTheOldOrder(index -> {
            // a partial copy beside the old map, as a kill during the copy leaves them
            copyEntries(index, ids.size() / 2);
        });
        everyIdIsFoundAndNoneTwice();
        assertEquals(ids.stream().sorted().toList(), idIndexKeys());
    }

    @Test
    void aRewriteKilledBeforeTheCopyTookTheNameIsFinished() {
        load();
        rewriteInTheOldOrder(index -> {
            // the whole copy made and the old map removed, as a kill before the rename leaves them
            copyEntries(index, Integer.MAX_VALUE);
            index.store().removeMap(index.map());
        });
        everyIdIsFoundAndNoneTwice();
        assertEquals(ids.stream().sorted().toList(), idIndexKeys());
    }

    /** Writes every id to a fresh store and closes it. */
    private void load() {
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(DB);
            for (String id : ids) {
                data.create(DB, Map.of("_id", id, "v", id.length()));
            }
        }
    }

    /** Opens the store as the server does: every id found, a second document with one refused, list in order. */
    private void everyIdIsFoundAndNoneTwice() {
        try (MongoData data = MongoData.embedded(dir)) {
            for (String id : ids) {
                assertEquals(Map.of("_id", id, "v", id.length()), data.get(DB, id));
                HyperException e = assertThrows(HyperException.class,
                        () -> data.create(DB, Map.of("_id", id, "v", -1)));
                assertEquals(Fact.ITEM_EXISTS, e.fact());
            }
            assertEquals(Fact.ITEM_NOT_FOUND, assertThrows(HyperException.class, () -> data.get(DB, "absent")).fact());
            data.create(DB, Map.of("_id", "new", "v", 3));
            assertEquals(Map.of("_id", "new", "v", 3), data.get(DB, "new"));
            data.remove(DB, "new");
            List<Object> listed = data.list(DB, new ListOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false)).stream()
                    .map(doc -> doc.get("_id")).toList();
            assertEquals(ids.stream().sorted().toList(), listed);
        }
    }

    private record OldIndex(MVStore store, String name, MVMap<Object, Object> map) {}

    /** Copies up to {@code count} entries of the old index into its rewrite's copy, as the rewrite does. */
    private static void copyEntries(OldIndex index, int count) {
        MVMap<Object, Object> copy = index.store().openMap(index.name() + UniqueIndexKeys.REORDERING,
                UniqueIndexKeys.mapBuilder());
        Cursor<Object, Object> entries = index.map().cursor(null);
        for (int i = 0; i < count && entries.hasNext(); i++) {
            Object key = entries.next();
            copy.put(key, entries.getValue());
        }
    }

    /**
     * Writes the closed store as the earlier version did: every unique index map in the old order and format,
     * without the marks of the new one, and every document through Java serialisation (H2's default type);
     * then lets {@code kill} leave the state a killed rewrite would.
     */
    private void rewriteInTheOldOrder(Consumer<OldIndex> kill) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv.db").toString()).open();
        try {
            MVMap<String, Object> state = store.openMap(DurableH2Backend.STATE);
            for (String name : store.getMapNames()) {
                if (name.startsWith("databases.")) {
                    rewriteWithTheDefaultTypes(store, name, BsonDocumentType.mapBuilder());
                    continue;
                }
                if (!name.contains("._index__id_")) {
                    continue;
                }
                MVMap<Object, Object> old = rewriteWithTheDefaultTypes(store, name, UniqueIndexKeys.mapBuilder());
                for (String mark : new ArrayList<>(state.keySet())) {
                    if (mark.endsWith(name)) {
                        state.remove(mark);
                    }
                }
                kill.accept(new OldIndex(store, name, old));
            }
            store.commit();
        } finally {
            store.close();
        }
    }

    /** Map {@code name}, read with the types of {@code current}, written anew with H2's default types. */
    private static MVMap<Object, Object> rewriteWithTheDefaultTypes(MVStore store, String name,
            MVMap.Builder<Object, Object> current) {
        MVMap<Object, Object> map = store.openMap(name, current);
        List<Map.Entry<Object, Object>> entries = new ArrayList<>();
        Cursor<Object, Object> cursor = map.cursor(null);
        while (cursor.hasNext()) {
            Object key = cursor.next();
            entries.add(Map.entry(key, cursor.getValue()));
        }
        store.removeMap(map);
        MVMap<Object, Object> old = store.openMap(name); // H2's default types: the old order and format
        entries.forEach(entry -> old.put(entry.getKey(), entry.getValue()));
        return old;
    }

    /** The ids in the order the collection's id index map walks them, read from the closed file. */
    private List<Object> idIndexKeys() {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv.db").toString()).readOnly().open();
        try {
            String name = store.getMapNames().stream()
                    .filter(n -> n.endsWith(ID_INDEX))
                    .max(Comparator.comparing(n -> store.openMap(n, UniqueIndexKeys.mapBuilder()).sizeAsLong()))
                    .orElseThrow();
            List<Object> keys = new ArrayList<>();
            Cursor<Object, Object> cursor = store.openMap(name, UniqueIndexKeys.mapBuilder()).cursor(null);
            while (cursor.hasNext()) {
                keys.add(((KeyValue) cursor.next()).get(0));
            }
            return keys;
        } finally {
            store.close();
        }
    }

    private List<String> mapNames() {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv.db").toString()).readOnly().open();
        try {
            return new ArrayList<>(store.getMapNames());
        } finally {
            store.close();
        }
    }

    @Test
    void keysCompareByTheirValuesAndEqualExactlyWhenTheyAreEqual() {
        UniqueIndexKeys.KeyType type = new UniqueIndexKeys.KeyType();
        assertTrue(type.compare(new KeyValue("aa"), new KeyValue("b")) < 0);
        assertTrue(type.compare(new KeyValue(2.0), new KeyValue(10.0)) < 0);
        assertEquals(0, type.compare(new KeyValue("x", 1.0), new KeyValue("x", 1.0)));
        assertTrue(type.compare(new KeyValue("x"), new KeyValue("x", 1.0)) < 0);
        assertTrue(type.compare(new KeyValue((Object) null), new KeyValue("a")) < 0);
        assertEquals(0, type.compare(new KeyValue((Object) null), new KeyValue((Object) null)));
        // a class H2 does not know (a sub-document id) still compares, and equal ones are equal
        var doc = new de.bwaldvogel.mongo.bson.Document("k", "v");
        assertEquals(0, type.compare(new KeyValue(doc), new KeyValue(new de.bwaldvogel.mongo.bson.Document("k", "v"))));
        assertTrue(type.compare(new KeyValue(doc), new KeyValue(new de.bwaldvogel.mongo.bson.Document("k", "w"))) != 0);
    }

    @Test
    void keysAreReadAsTheyWereWrittenInEitherFormat() {
        UniqueIndexKeys.KeyType type = new UniqueIndexKeys.KeyType();
        ObjectDataType before = new ObjectDataType();
        for (KeyValue key : List.of(new KeyValue("a"), new KeyValue("é", 2.5, -7L), new KeyValue((Object) null),
                new KeyValue(new de.bwaldvogel.mongo.bson.ObjectId()), new KeyValue(true, Long.MAX_VALUE),
                new KeyValue(new de.bwaldvogel.mongo.bson.Document("k", List.of(1.0, "x"))))) {
            for (boolean oldFormat : new boolean[] {false, true}) {
                WriteBuffer buffer = new WriteBuffer();
                if (oldFormat) {
                    before.write(buffer, key);
                } else {
                    type.write(buffer, key);
                }
                buffer.put((byte) 1); // what follows a key must stay unread
                ByteBuffer written = buffer.getBuffer().flip();
                Object read = type.read(written);
                assertEquals(key, read, oldFormat ? "old format" : "new format");
                assertEquals(1, written.remaining());
                assertEquals(0, type.compare(key, read));
            }
        }
    }
}
