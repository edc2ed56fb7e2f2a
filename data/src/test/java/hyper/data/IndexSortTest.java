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

import hyper.core.data.IndexSpec;
import hyper.core.data.Query;
import hyper.core.data.SortField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sorted query served by a secondary index answers as the scan does: random documents (mixed types, null,
 * missing fields, sometimes arrays and sub-documents), random selectors, sorts, limits and skips, run on a
 * database with indexes and on a copy without, through the port as the server uses it.
 *
 * <p>The reference is the copy's whole answer (no limit: the engine's own stable sort of every match), cut to
 * skip and limit here. The comparison is exact, order of ties included: the engine's sort keeps ties in the
 * collection's order ({@code _id}), and so must the index walk and the bounded sort of a limited scan.
 */
class IndexSortTest {

    /** Sort fields: indexed (s, c first of a compound, t sometimes holding arrays, n.v dotted) and not (z). */
    private static final List<String> SORTED = List.of("s", "c", "t", "n.v", "z");

    @TempDir
    Path dir;

    @Test
    void sortedQueriesAnswerAsAScanOnRandomDocumentsSelectorsAndSorts() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            try (MongoData data = MongoData.embedded(dir.resolve("seed" + seed))) {
                data.createDatabase(INDEXED);
                data.createDatabase(PLAIN);
                int next = 0;
                for (; next < 200; next++) {
                    create(data, document(random, next));
                }
                index(data, "idx-s", new SortField("s", false));
                index(data, "idx-c", new SortField("c", true), new SortField("z", false));
                index(data, "idx-t", new SortField("t", false));
                index(data, "idx-nv", new SortField("n.v", true));
                for (; next < 400; next++) {
                    create(data, document(random, next)); // maintained on insert
                }
                compare(data, random, 300, seed);
                for (int i = 0; i < 150; i++) { // replace and remove at random
                    String id = id(random.nextInt(next));
                    if (random.nextInt(3) == 0) {
                        remove(data, INDEXED, id);
                        remove(data, PLAIN, id);
                    } else {
                        Map<String, Object> doc = document(random, 0);
                        doc.put("_id", id);
                        data.replace(INDEXED, id, doc);
                        data.replace(PLAIN, id, doc);
                    }
                }
                compare(data, random, 300, seed);
            }
        }
    }

    @Test
    void aSortIsReadFromTheIndexUnlessADocumentCannotBePlacedInIt() {
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(INDEXED);
            for (int i = 0; i < 40; i++) {
                data.create(INDEXED, new LinkedHashMap<>(Map.of("_id", id(i), "n", i % 8)));
            }
            index(data, "idx-n", new SortField("n", false));
        }
        // A walk that skips a document proves the index is read; take d0007 out of it behind the engine's back.
        editIndex(id(7), false);
        try (MongoData data = MongoData.embedded(dir)) {
            List<String> found = sorted(data, 0);
            assertEquals(39, found.size(), "the index gives the order: " + found);
            assertEquals(List.of(id(0), id(8), id(16)), sorted(data, 3), "ties in the collection's order");
            data.create(INDEXED, Map.of("_id", "arr", "n", List.of(3, 1)));
            assertTrue(sorted(data, 0).contains(id(7)), "an array cannot be placed: the query scans");
            data.remove(INDEXED, "arr");
            assertFalse(sorted(data, 0).contains(id(7)), "read from the index again");
        }
        // An index kept on file by a version without sorting is built anew.
        editIndex(id(15), true);
        try (MongoData data = MongoData.embedded(dir)) {
            List<String> found = sorted(data, 0);
            assertEquals(40, found.size(), found.toString());
        }
    }

    private List<String> sorted(MongoData data, int limit) {
        return data.query(INDEXED, new Query(Map.of(), Optional.empty(), List.of(new SortField("n", false)), limit, 0))
                .stream().map(d -> (String) d.get("_id")).toList();
    }

    /** Takes the entries of document {@code id} out of idx-n in the closed file, and maybe its format mark. */
    private void editIndex(String id, boolean dropFormat) {
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv.db").toString()).open()) {
            String name = store.getMapNames().stream().filter(n -> n.endsWith("._index_idx-n")).findFirst()
                    .orElseThrow();
            MVMap<Object, Object> map = store.openMap(name);
            List<Object> entries = map.keyList().stream()
                    .filter(k -> k instanceof Object[] entry && entry.length == 3 && entry[2].equals(id)).toList();
            assertEquals(1, entries.size());
            entries.forEach(map::remove);
            if (dropFormat) {
                assertTrue(map.remove(new Object[] {0, "format", 2}) != null);
            }
        }
    }

    private static void index(MongoData data, String name, SortField... fields) {
        data.index(INDEXED, new IndexSpec(name, List.of(fields), Optional.empty()));
    }

    private static void compare(MongoData data, Random random, int rounds, long seed) {
        int answered = 0;
        for (int i = 0; i < rounds; i++) {
            List<SortField> sort = sort(random);
            Map<String, Object> selector = selector(random);
            int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(30);
            int skip = random.nextInt(3) == 0 ? random.nextInt(20) : 0;
            Query query = new Query(selector, Optional.empty(), sort, limit, skip);
            Object whole = answer(data, PLAIN, new Query(selector, Optional.empty(), sort, 0, 0));
            Object expected = whole instanceof List<?> all
                    ? all.subList(Math.min(skip, all.size()),
                            limit == 0 ? all.size() : Math.min(skip + limit, all.size()))
                    : whole;
            assertEquals(expected, answer(data, INDEXED, query), "indexed, seed " + seed + ", query " + query);
            assertEquals(expected, answer(data, PLAIN, query), "scanned, seed " + seed + ", query " + query);
            if (expected instanceof List<?> list && !list.isEmpty()) {
                answered++;
            }
        }
        assertTrue(answered > rounds / 2, "too few selectors found anything: " + answered);
    }

    private static List<SortField> sort(Random random) {
        List<SortField> sort = new ArrayList<>();
        sort.add(new SortField(SORTED.get(random.nextInt(SORTED.size())), random.nextBoolean()));
        if (random.nextInt(3) == 0) {
            String second = SORTED.get(random.nextInt(SORTED.size()));
            if (!second.equals(sort.getFirst().field())) {
                sort.add(new SortField(second, random.nextBoolean()));
            }
        }
        return sort;
    }

    private static Map<String, Object> selector(Random random) {
        String field = List.of("s", "c", "t", "n.v").get(random.nextInt(4));
        Map<String, Object> selector = new LinkedHashMap<>();
        switch (random.nextInt(9)) {
            case 0, 1 -> { } // everything
            case 2 -> selector.put("z", random.nextInt(4));
            case 3 -> selector.put(field, scalar(random));
            case 4 -> selector.put(field, Map.of("$in", Arrays.asList(scalar(random), scalar(random), "s1")));
            case 5 -> selector.put(field, Map.of(random.nextBoolean() ? "$gt" : "$lte", random.nextInt(6)));
            case 6 -> selector.put(field, Map.of("$gte", "s2"));
            case 7 -> selector.put("$or", List.of(Map.of(field, random.nextInt(6)), Map.of("z", random.nextInt(4))));
            default -> selector.put(field, Map.of("$regex", "s[12]"));
        }
        return selector;
    }

    private static Map<String, Object> document(Random random, int i) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", id(i));
        put(doc, "s", scalar(random), random);
        put(doc, "c", random.nextInt(3) == 0 ? (Object) random.nextBoolean() : "c" + random.nextInt(3), random);
        // arrays and sub-documents now and then: the index cannot place them, the query scans
        put(doc, "t", random.nextInt(30) == 0 ? Arrays.asList(scalar(random), scalar(random))
                : random.nextInt(30) == 0 ? Map.of("x", 1) : scalar(random), random);
        switch (random.nextInt(4)) {
            case 0 -> { } // no n
            case 1 -> doc.put("n", scalar(random)); // n.v missing
            default -> {
                Map<String, Object> n = new LinkedHashMap<>();
                put(n, "v", scalar(random), random);
                doc.put("n", n);
            }
        }
        doc.put("z", random.nextInt(4));
        return doc;
    }

    /** The value, or none at all now and then. */
    private static void put(Map<String, Object> map, String key, Object value, Random random) {
        if (random.nextInt(8) > 0) {
            map.put(key, value);
        }
    }

    /**
     * Numbers of every width (equal across types: 2, 2L, 2.0, -0.0 and 0), strings, booleans, null. Longs
     * beyond int and fractions never share a whole part: the engine compares those two inconsistently (a long
     * with a fraction by its whole part), so no sort, scan or index, has one right order for them.
     */
    private static Object scalar(Random random) {
        int v = random.nextInt(6);
        return switch (random.nextInt(10)) {
            case 0, 1 -> v;
            case 2 -> (long) v;
            case 3 -> v + 0.5;
            case 4 -> (double) v;
            case 5 -> 3_000_000_000L + v;
            case 6 -> v == 0 ? -0.0 : -v - 0.25;
            case 7 -> "s" + v;
            case 8 -> random.nextBoolean();
            default -> null;
        };
    }
}
