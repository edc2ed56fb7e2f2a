package hyper.data;

import static hyper.data.TwinDatabases.INDEXED;
import static hyper.data.TwinDatabases.PLAIN;
import static hyper.data.TwinDatabases.answer;
import static hyper.data.TwinDatabases.create;
import static hyper.data.TwinDatabases.id;
import static hyper.data.TwinDatabases.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import hyper.core.data.IndexSpec;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine's secondary indexes give the same answers as a scan: random documents and selectors
 * (fixed seeds), run on a database with indexes and on a copy without, through the port as the server uses
 * it; and the indexes are used, survive a restart and are built anew after an unclean stop.
 */
class SecondaryIndexTest {

    /** The indexed paths: a plain field, a sub-document's, through an array of documents, an array position. */
    private static final List<String> FIELDS = List.of("a", "n.b", "arr.b", "arr.1", "a.b");

    @TempDir
    Path dir;

    @Test
    void indexedQueriesAnswerAsAScanOnRandomDocumentsAndSelectors() {
        for (long seed = 1; seed <= 2; seed++) {
            Random random = new Random(seed);
            try (MongoData data = MongoData.embedded(dir.resolve("seed" + seed))) {
                data.createDatabase(INDEXED);
                data.createDatabase(PLAIN);
                int next = 0;
                for (; next < 150; next++) {
                    create(data, document(random, next));
                }
                indexAll(data);
                for (; next < 300; next++) {
                    create(data, document(random, next)); // written after the index: maintained on insert
                }
                compare(data, random, 250, seed);
                for (int i = 0; i < 200; i++) { // replace, remove and bulk-write at random
                    String id = id(random.nextInt(next + 20));
                    switch (random.nextInt(4)) {
                        case 0, 1 -> {
                            Map<String, Object> doc = document(random, 0);
                            doc.put("_id", id);
                            data.replace(INDEXED, id, doc);
                            data.replace(PLAIN, id, doc);
                        }
                        case 2 -> {
                            remove(data, INDEXED, id);
                            remove(data, PLAIN, id);
                        }
                        default -> {
                            Map<String, Object> doc = document(random, 0);
                            doc.put("_id", id);
                            List<Map<String, Object>> batch = List.of(doc,
                                    Map.of("_id", id(random.nextInt(next)), "_deleted", true));
                            data.bulk(INDEXED, batch);
                            data.bulk(PLAIN, batch);
                        }
                    }
                }
                compare(data, random, 250, seed);
            }
        }
    }

    @Test
    void theIndexIsUsedSurvivesARestartAndIsBuiltAnewAfterAnUncleanStop() {
        Map<String, Object> one = Map.of("a", 1);
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(INDEXED);
            for (int i = 0; i < 50; i++) {
                data.create(INDEXED, new LinkedHashMap<>(Map.of("_id", id(i), "a", i % 5)));
            }
            data.index(INDEXED, new IndexSpec("idx-a", List.of(new SortField("a", false)), Optional.empty()));
            assertEquals(10, ids(data, one).size());
        }
        // A lookup that skips a document proves the index is read; take d0001 out of it behind the engine's back.
        assertEquals(1, editIndex(id(1), true));
        try (MongoData data = MongoData.embedded(dir)) {
            List<String> found = ids(data, one);
            assertEquals(9, found.size(), "the index kept on the file is used as it is: " + found);
            assertFalse(found.contains(id(1)));
            assertEquals(List.of(id(1)), ids(data, Map.of("_id", id(1), "a", Map.of("$ne", 0))),
                    "a scan (the index takes no $ne) finds it");
            data.create(INDEXED, Map.of("_id", "zz", "a", 1)); // maintained after opening again
            assertTrue(ids(data, one).contains("zz"));
        }
        // The same file, as a killed process leaves it: no mark of a clean close, so the index is built anew.
        editIndex(id(6), false);
        try (EmbeddedMongo engine = EmbeddedMongo.start(dir);
                MongoData data = MongoData.external(engine.connectionString());
                MongoClient client = MongoClients.create(engine.connectionString())) {
            List<String> found = ids(data, one);
            assertEquals(11, found.size(), found.toString());
            assertTrue(found.contains(id(1)) && found.contains(id(6)) && found.contains("zz"));
            assertEquals(List.of(id(1), id(6), id(11)), ids(data, Map.of("a", 1, "_id", Map.of("$lt", id(12)))));
            // created again while open, as any MongoDB tool may: the live index stays as it is
            MongoDatabase hyper = client.getDatabase(MongoData.DEFAULT_DATABASE);
            String collection = hyper.getCollection(DatabaseCatalog.META).find(new Document("_id", "indexed")).first()
                    .getString("collection");
            hyper.getCollection(collection).createIndex(new Document("a", 1), new IndexOptions().name("idx-a"));
            assertEquals(11, ids(data, one).size());
        }
        try (MongoData data = MongoData.embedded(dir)) {
            assertEquals(11, ids(data, one).size(), "still there after a clean close");
        }
    }

    /** Takes the entries of document {@code id} out of idx-a in the closed file; returns how many there were. */
    private long editIndex(String id, boolean keepCleanMark) {
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv.db").toString()).open()) {
            String name = store.getMapNames().stream().filter(n -> n.endsWith("._index_idx-a")).findFirst().orElseThrow();
            MVMap<Object, Object> map = store.openMap(name);
            List<Object> entries = map.keyList().stream().filter(k -> isEntryOf(k, id)).toList();
            entries.forEach(map::remove);
            if (!keepCleanMark) {
                store.openMap("_hyper_state").clear();
            }
            return entries.size();
        }
    }

    private static boolean isEntryOf(Object key, String id) {
        return key instanceof Object[] entry && entry.length == 3 && entry[2].equals(id);
    }

    private static List<String> ids(MongoData data, Map<String, Object> selector) {
        return data.query(INDEXED, new Query(selector, Optional.empty(), List.of(), 0, 0)).stream()
                .map(d -> (String) d.get("_id")).toList();
    }

    private static void indexAll(MongoData data) {
        for (String field : FIELDS) {
            List<SortField> keys = field.equals("a.b") // a compound index serves its first field
                    ? List.of(new SortField(field, false), new SortField("z", true))
                    : List.of(new SortField(field, false));
            data.index(INDEXED, new IndexSpec("idx-" + field, keys, Optional.empty()));
        }
    }

    /** Runs random selectors on both databases, unlimited and limited, sorted and not; the answers must match. */
    private static void compare(MongoData data, Random random, int rounds, long seed) {
        int answered = 0;
        for (int i = 0; i < rounds; i++) {
            Map<String, Object> selector = selector(random);
            List<SortField> sort = random.nextInt(4) == 0 ? List.of(new SortField("z", random.nextBoolean())) : List.of();
            int limit = random.nextInt(3) == 0 ? 1 + random.nextInt(5) : 0;
            Query query = new Query(selector, Optional.empty(), sort, limit, random.nextInt(5) == 0 ? 2 : 0);
            Object indexed = answer(data, INDEXED, query);
            Object plain = answer(data, PLAIN, query);
            assertEquals(plain, indexed, "seed " + seed + ", query " + query);
            if (indexed instanceof List<?> list && !list.isEmpty()) {
                answered++;
            }
        }
        assertTrue(answered > rounds / 4, "too few selectors found anything: " + answered);
    }

    private static Map<String, Object> document(Random random, int i) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", id(i));
        put(doc, "a", random);
        Map<String, Object> n = new LinkedHashMap<>();
        put(n, "b", random);
        doc.put("n", n);
        List<Object> arr = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            if (random.nextInt(4) == 0) {
                arr.add(scalar(random));
            } else {
                Map<String, Object> element = new LinkedHashMap<>();
                put(element, "b", random);
                arr.add(element);
            }
        }
        if (random.nextInt(5) > 0) {
            doc.put("arr", arr);
        }
        doc.put("z", random.nextInt(4));
        return doc;
    }

    /** A random value under {@code key}, or none. */
    private static void put(Map<String, Object> map, String key, Random random) {
        if (random.nextInt(8) > 0) {
            map.put(key, value(random, 0));
        }
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth < 2 ? 10 : 8);
        if (kind < 8) {
            return scalar(random);
        }
        if (kind == 8) {
            List<Object> list = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                list.add(value(random, depth + 1));
            }
            return list;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        put(doc, "b", random);
        return doc;
    }

    /** Numbers of every width (equal across types: 2, 2L, 2.0), strings, booleans, null. */
    private static Object scalar(Random random) {
        int v = random.nextInt(6);
        return switch (random.nextInt(9)) {
            case 0, 1 -> v;
            case 2 -> (long) v;
            case 3 -> v + 0.5;
            case 4 -> (double) v;
            case 5 -> 3_000_000_000L + v; // beyond int: the engine compares it as a long
            case 6 -> "s" + v;
            case 7 -> random.nextBoolean();
            default -> null;
        };
    }

    private static Map<String, Object> selector(Random random) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        Map<String, Object> selector = new LinkedHashMap<>();
        Object condition = switch (random.nextInt(11)) {
            case 0, 1 -> scalar(random);
            case 2 -> operator("$eq", scalar(random));
            case 3 -> Map.of("$in", scalars(random));
            case 4 -> Map.of(random.nextBoolean() ? "$gt" : "$gte", bound(random));
            case 5 -> Map.of(random.nextBoolean() ? "$lt" : "$lte", bound(random));
            case 6 -> {
                Object low = bound(random);
                Object high = random.nextInt(4) == 0 ? bound(random) : sameType(low, random);
                yield Map.of(random.nextBoolean() ? "$gt" : "$gte", low, random.nextBoolean() ? "$lt" : "$lte", high);
            }
            case 7 -> Map.of("$gte", bound(random), "$ne", scalar(random) == null ? 1 : 2);
            case 8 -> Map.of("$regex", "s[12]");
            case 9 -> Map.of("$in", scalars(random), "$nin", scalars(random));
            default -> Map.of("$exists", random.nextBoolean(), "$eq", bound(random));
        };
        if (random.nextInt(5) == 0) {
            Map<String, Object> conjunct = new LinkedHashMap<>();
            conjunct.put(field, condition);
            selector.put("$and", List.of(conjunct, Map.of("z", Map.of("$lt", 3))));
        } else {
            selector.put(field, condition);
            if (random.nextInt(3) == 0) {
                selector.put("z", random.nextInt(4));
            }
        }
        return selector;
    }

    private static Map<String, Object> operator(String name, Object operand) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put(name, operand); // may be null, which Map.of refuses
        return condition;
    }

    private static List<Object> scalars(Random random) {
        List<Object> values = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            values.add(scalar(random));
        }
        return values;
    }

    /** A range bound: never null, sometimes fractional or beyond int. */
    private static Object bound(Random random) {
        Object value;
        do {
            value = scalar(random);
        } while (value == null);
        return random.nextInt(4) == 0 && value instanceof Long l ? l + 0.5 : value;
    }

    private static Object sameType(Object low, Random random) {
        Object high;
        do {
            high = bound(random);
        } while ((high instanceof Number) != (low instanceof Number) || (high instanceof String) != (low instanceof String));
        return high;
    }
}
