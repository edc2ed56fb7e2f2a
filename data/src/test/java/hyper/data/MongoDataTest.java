package hyper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.data.DatabaseName;
import hyper.core.data.Cuid;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on its embedded engine, for what HTTP cannot see: value types, races, closing and reopening. */
class MongoDataTest {

    @TempDir
    Path dir;

    @Test
    void numbersKeepTheirKind() {
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(DatabaseName.of("types"));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_id", "n");
            doc.put("int", 1980);
            doc.put("long", 9_007_199_254_740_993L);
            doc.put("big", new BigInteger("123456789012345678901234567890"));
            doc.put("double", 2.5);
            doc.put("list", List.of(1, "two", Map.of("three", 3)));
            data.create(DatabaseName.of("types"), doc);
            Map<String, Object> back = data.get(DatabaseName.of("types"), "n");
            assertInstanceOf(Integer.class, back.get("int"));
            assertInstanceOf(Long.class, back.get("long"));
            assertEquals(9_007_199_254_740_993L, back.get("long"));
            assertInstanceOf(Double.class, back.get("big")); // beyond 64 bits: the nearest double, as JavaScript
            assertEquals(2.5, back.get("double"));
            assertEquals(List.of(1, "two", Map.of("three", 3)), back.get("list"));
        }
    }

    @Test
    void concurrentCreatesOfOneIdLetExactlyOneWin() throws Exception {
        try (MongoData data = MongoData.embedded(dir); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            data.createDatabase(DatabaseName.of("race"));
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                attempts.add(pool.submit(() -> {
                    try {
                        data.create(DatabaseName.of("race"), Map.of("_id", "same", "n", n));
                        return true;
                    } catch (HyperException e) {
                        assertEquals(HyperException.Reason.CONFLICT, e.reason());
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get() ? 1 : 0;
            }
            assertEquals(1, won);
        }
    }

    @Test
    void closeReleasesTheFileAndReopeningFindsEverything() {
        try (MongoData data = MongoData.embedded(dir)) {
            data.createDatabase(DatabaseName.of("kept"));
            data.create(DatabaseName.of("kept"), Map.of("_id", "a", "v", 1));
        }
        try (MongoData again = MongoData.embedded(dir)) {
            assertEquals(Map.of("_id", "a", "v", 1), again.get(DatabaseName.of("kept"), "a"));
            assertEquals(HyperException.Reason.CONFLICT,
                    assertThrows(HyperException.class, () -> again.createDatabase(DatabaseName.of("kept"))).reason());
        }
    }

    @Test
    void anInvalidConnectionStringIsRefused() {
        HyperException e = assertThrows(HyperException.class, () -> MongoData.external("not a url"));
        assertTrue(e.getMessage().contains("connection string"), e.getMessage());
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
