package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.data.DataPort;
import hyper.core.data.DatabaseName;
import hyper.core.data.ListOptions;
import hyper.core.data.Query;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground of the {@link DataPortContract}: the adapter it opens and closes around each test, the
 * per-test database names, and the documents and assertions its cases share.
 */
public abstract class DataPortFixture {

    private static final AtomicLong RUNS = new AtomicLong();

    /** The folder the port under test keeps its files in. */
    @TempDir
    protected Path dir;

    /** The port under test, opened before each test and closed after it. */
    protected DataPort port;

    private final String suffix = "-" + RUNS.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);

    /** Opens the adapter under test, keeping its files (if any) in {@code dir}. */
    protected abstract DataPort openPort(Path dir) throws Exception;

    @BeforeEach
    void openPortUnderTest() throws Exception {
        port = openPort(dir);
    }

    @AfterEach
    void closePortUnderTest() {
        if (port != null) {
            port.close();
        }
    }

    /** A database name unique to this test. */
    protected DatabaseName name(String base) {
        return DatabaseName.of(base + suffix);
    }

    /** A new, empty database with a name unique to this test. */
    protected DatabaseName created(String base) {
        DatabaseName db = name(base);
        port.createDatabase(db);
        return db;
    }

    /** A document of alternating keys and values, in that order (values may be null). */
    protected static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    /** Asserts that {@code call} fails with {@code fact}; returns the exception. */
    protected static HyperException assertFact(Fact fact, Executable call) {
        HyperException e = assertThrows(HyperException.class, call);
        assertEquals(fact, e.fact(), e::getMessage);
        return e;
    }

    static ListOptions all() {
        return new ListOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    static Query select(Map<String, Object> selector) {
        return new Query(selector, Optional.empty(), List.of(), 100, 0);
    }

    static List<Object> ids(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> d.get("_id")).toList();
    }

    static List<Object> sorted(List<Map<String, Object>> docs) {
        Object[] ids = ids(docs).toArray();
        Arrays.sort(ids);
        return List.of(ids);
    }

    /** Documents a to e, written out of order, each with {@code n} its position in the alphabet. */
    DatabaseName letters() {
        DatabaseName db = created("letters");
        for (String id : List.of("c", "a", "e", "b", "d")) {
            port.create(db, doc("_id", id, "n", id.charAt(0) - 'a' + 1));
        }
        return db;
    }

    /** Three films, a book and a film without a type. */
    DatabaseName films() {
        DatabaseName db = created("films");
        List.of(
                doc("_id", "a", "type", "film", "title", "Vertigo", "year", 1958, "rank", 4,
                        "director", doc("name", "Hitchcock")),
                doc("_id", "b", "type", "film", "title", "Psycho", "year", 1960, "rank", 1,
                        "director", doc("name", "Hitchcock")),
                doc("_id", "c", "type", "book", "title", "Rebecca", "year", 1938, "rank", 2),
                doc("_id", "d", "type", "film", "title", "2001", "year", 1968, "rank", 1,
                        "director", doc("name", "Kubrick")),
                doc("_id", "e", "title", "Alien", "year", 1979, "rank", 5))
                .forEach(d -> port.create(db, d));
        return db;
    }

    /**
     * Runs {@code attempt} on 8 threads at once; returns how many succeeded, asserting that every other one
     * failed with {@code loser}.
     */
    static int exactlyOneWins(Fact loser, Executable attempt) throws Exception {
        List<Future<Boolean>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        attempt.execute();
                        return true;
                    } catch (HyperException e) {
                        assertEquals(loser, e.fact(), e::getMessage);
                        return false;
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                }));
            }
        }
        int won = 0;
        for (Future<Boolean> f : attempts) {
            won += f.get() ? 1 : 0;
        }
        return won;
    }
}
