package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Far more indexes than may be open at once: each is opened by its first request, and the least recently used
 * are closed, without losing a write or failing a request, and the process's file descriptors stay bounded.
 */
class ManyIndexesTest {

    private static final LuceneSearch.Durability LOG = LuceneSearch.Durability.WRITE_AHEAD_LOG;
    private static final LuceneSearch.OpenIndexes EIGHT = new LuceneSearch.OpenIndexes(8, Duration.ofHours(1));
    private static final IndexFields TITLE = new IndexFields(List.of("title"), List.of("title"));

    @TempDir
    Path dir;

    @Test
    void twoHundredIndexesWithEightOpenAreWrittenQueriedAndReopenedOnFewDescriptors() throws IOException {
        Random random = new Random(42);
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            order.add(n);
        }
        Map<Integer, String> titles = new HashMap<>();
        Optional<Path> fds = Optional.of(Path.of("/proc/self/fd")).filter(Files::isDirectory); // Linux
        long before;
        try (LuceneSearch search = new LuceneSearch(dir, LOG, EIGHT)) {
            search.createIndex(IndexName.of("first"), TITLE); // loads what an index needs (and opens its jars)
            search.add(IndexName.of("first"), "a", Map.of("title", "film"));
            search.query(IndexName.of("first"), query("film"));
            before = fds.isPresent() ? count(fds.get()) : 0;

            for (int n : order) {
                search.createIndex(index(n), TITLE);
                assertTrue(search.openIndexes() <= 8, "open after creating " + n + ": " + search.openIndexes());
            }
            Collections.shuffle(order, random);
            for (int n : order) {
                if (n % 2 == 0) {
                    search.add(index(n), "d", Map.of("title", title(n)));
                } else {
                    search.load(index(n), List.of(Map.of("id", "d", "title", title(n)),
                            Map.of("id", "e", "title", "other" + n)));
                }
                titles.put(n, title(n));
                int other = order.get(random.nextInt(order.size()));
                assertEquals(titles.containsKey(other) ? 1 : 0, search.query(index(other), query("film" + other)).size());
                assertTrue(search.openIndexes() <= 8, "open: " + search.openIndexes());
            }
            Collections.shuffle(order, random);
            for (int n : order.subList(0, 20)) {
                search.update(index(n), "d", Map.of("title", "film" + n + " changed"));
                titles.put(n, "film" + n + " changed");
            }
            if (fds.isPresent()) {
                long during = count(fds.get());
                assertTrue(during <= before + 2 * 8 + 8, "descriptors: " + before + " with one index, " + during + " with 201");
            }
        }
        try (LuceneSearch reopened = new LuceneSearch(dir, LOG, EIGHT)) {
            assertEquals(0, reopened.openIndexes(), "start-up opens no index");
            Collections.shuffle(order, random);
            for (int n : order) {
                assertEquals(titles.get(n), reopened.get(index(n), "d").get("title"));
                assertEquals(List.of("d"), ids(reopened.query(index(n), query("film" + n))), "index " + n);
                assertEquals(n % 2 == 0 ? List.of() : List.of("e"), ids(reopened.query(index(n), query("other" + n))));
                assertTrue(reopened.openIndexes() <= 8);
            }
            if (fds.isPresent()) {
                long during = count(fds.get());
                assertTrue(during <= before + 2 * 8 + 8, "descriptors: " + before + " before, " + during + " after reading all");
            }
        }
    }

    @Test
    void requestsRacingForFewOpenSlotsNeverFindTheirIndexClosed() throws Exception {
        int indexes = 30;
        int workers = 8;
        int writes = 15;
        try (LuceneSearch search = new LuceneSearch(dir, LOG, new LuceneSearch.OpenIndexes(3, Duration.ZERO))) {
            for (int n = 0; n < indexes; n++) {
                search.createIndex(index(n), TITLE);
            }
            List<Future<?>> running = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    running.add(pool.submit(() -> {
                        Random random = new Random(worker);
                        for (int op = 0; op < writes; op++) {
                            int n = random.nextInt(indexes);
                            String key = "w" + worker + "-" + op;
                            search.add(index(n), key, Map.of("title", "film" + n + " worker" + worker));
                            assertEquals("film" + n + " worker" + worker, search.get(index(n), key).get("title"));
                            assertTrue(search.query(index(n), query("worker" + worker)).stream()
                                    .anyMatch(m -> m.get("id").equals(key)));
                            if (op % 3 == 0) {
                                search.closeIdleNow(); // idle timeout zero: closes whatever is unused
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> worker : running) {
                worker.get(); // rethrows a failed request
            }
            search.closeIdleNow();
            assertEquals(0, search.openIndexes());
        }
        try (LuceneSearch reopened = new LuceneSearch(dir, LOG, EIGHT)) {
            int documents = 0;
            for (int n = 0; n < indexes; n++) {
                documents += reopened.query(index(n), query("film" + n)).size();
            }
            assertEquals(workers * writes, documents);
        }
    }

    @Test
    void aWriteToAnIndexClosedForIdlenessSurvivesACrashAndAReopen() throws IOException {
        Path live = dir.resolve("live");
        try (LuceneSearch search = new LuceneSearch(live, LOG, new LuceneSearch.OpenIndexes(8, Duration.ZERO))) {
            search.createIndex(IndexName.of("films"), TITLE);
            search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
            search.closeIdleNow();
            assertEquals(0, search.openIndexes());
            assertEquals(0, logBytes(live), "closing committed the log");
            copy(live, dir.resolve("crash-after-close"));

            search.add(IndexName.of("films"), "b", Map.of("title", "Psycho")); // opens it again
            assertEquals(1, search.openIndexes());
            copy(live, dir.resolve("crash-after-reopen"));
            search.closeIdleNow();
            search.remove(IndexName.of("films"), "a");
        }
        try (LuceneSearch recovered = new LuceneSearch(dir.resolve("crash-after-close"), LOG, EIGHT)) {
            assertEquals("Vertigo", recovered.get(IndexName.of("films"), "a").get("title"));
        }
        try (LuceneSearch recovered = new LuceneSearch(dir.resolve("crash-after-reopen"), LOG, EIGHT)) {
            assertEquals("Vertigo", recovered.get(IndexName.of("films"), "a").get("title"));
            assertEquals("Psycho", recovered.get(IndexName.of("films"), "b").get("title"));
        }
        try (LuceneSearch reopened = new LuceneSearch(live, LOG, EIGHT)) {
            assertThrows(HyperException.class, () -> reopened.get(IndexName.of("films"), "a"));
            assertEquals("Psycho", reopened.get(IndexName.of("films"), "b").get("title"));
        }
    }

    @Test
    void aWriteToAnIndexEvictedByAnotherSurvivesACrash() throws IOException {
        Path live = dir.resolve("live");
        for (LuceneSearch.Durability mode : LuceneSearch.Durability.values()) {
            Path modeDir = live.resolve(mode.name());
            Path image = dir.resolve(mode + "-image");
            try (LuceneSearch search = new LuceneSearch(modeDir, mode, new LuceneSearch.OpenIndexes(1, Duration.ofHours(1)))) {
                search.createIndex(IndexName.of("films"), TITLE);
                search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
                search.createIndex(IndexName.of("books"), TITLE); // closes films, the least recently used
                search.add(IndexName.of("books"), "b", Map.of("title", "Rebecca"));
                assertEquals(1, search.openIndexes());
                copy(modeDir, image);
            }
            try (LuceneSearch recovered = new LuceneSearch(image, mode, new LuceneSearch.OpenIndexes(1, Duration.ofHours(1)))) {
                assertEquals(List.of("a"), ids(recovered.query(IndexName.of("films"), query("vertigo"))), mode.name());
                assertEquals(List.of("b"), ids(recovered.query(IndexName.of("books"), query("rebecca"))), mode.name());
            }
        }
    }

    @Test
    void aDeletedIndexIsGoneWhetherOpenOrNot() {
        try (LuceneSearch search = new LuceneSearch(dir, LOG, new LuceneSearch.OpenIndexes(1, Duration.ofHours(1)))) {
            search.createIndex(IndexName.of("films"), TITLE);
            search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
            search.createIndex(IndexName.of("books"), TITLE); // films closed
            search.removeIndex(IndexName.of("films"));
            search.removeIndex(IndexName.of("books")); // books open
            assertEquals(0, search.openIndexes());
            assertThrows(HyperException.class, () -> search.query(IndexName.of("films"), query("vertigo")));
            search.createIndex(IndexName.of("films"), TITLE);
            assertEquals(List.of(), search.query(IndexName.of("films"), query("vertigo")));
        }
        try (LuceneSearch reopened = new LuceneSearch(dir, LOG, EIGHT)) {
            assertEquals(List.of(), reopened.query(IndexName.of("films"), query("vertigo")));
            assertThrows(HyperException.class, () -> reopened.query(IndexName.of("books"), query("x")));
        }
    }

    private static IndexName index(int n) {
        return IndexName.of("i" + n);
    }

    private static String title(int n) {
        return "film" + n + " first";
    }

    private static SearchQuery query(String text) {
        return new SearchQuery(text, Optional.empty(), Map.of());
    }

    private static List<Object> ids(List<Map<String, Object>> matches) {
        return matches.stream().map(m -> m.get("id")).toList();
    }

    private static long logBytes(Path root) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith("wal-")).toList()) {
                bytes += Files.size(log);
            }
        }
        return bytes;
    }

    /** What a crash leaves: the files as they are, with no lock held. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("write.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static long count(Path fds) throws IOException {
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.count();
        }
    }
}
