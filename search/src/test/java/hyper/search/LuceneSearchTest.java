package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.search.IndexName;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchPort;
import hyper.testing.SearchPortContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The search port contract on Lucene, as the server opens it, plus what only this adapter has: recovery
 * from crash images. A copy of the data folder taken while the index is open (no write running) is what a
 * crash leaves on disk, since nothing is written outside the requests.
 */
class LuceneSearchTest extends SearchPortContract {

    @Override
    protected SearchPort openPort(Path dir) {
        return new LuceneSearch(dir.resolve("search"));
    }

    @Test
    void aRepeatedQueryFindsTheTyposAndWordsWrittenSinceItsLastAnswer() {
        try (LuceneSearch search = new LuceneSearch(dir.resolve("search"))) {
            IndexName films = IndexName.of("films");
            search.createIndex(films, new IndexFields(List.of("title"), List.of("title")));
            search.add(films, "a", Map.of("title", "Vertigo"));
            assertEquals(List.of("a"), ids(search.query(films, text("vertigo"))));
            search.add(films, "b", Map.of("title", "Vertiga")); // one typo away: the cached terms lack it
            assertEquals(List.of("a", "b"), ids(search.query(films, text("vertigo"))));
            search.remove(films, "a");
            assertEquals(List.of("b"), ids(search.query(films, text("vertigo"))));
        }
    }

    @Test
    void anIndexLeftIdleInManySegmentsByBulkLoadsIsMergedIntoOne() {
        try (LuceneSearch search = new LuceneSearch(dir.resolve("search"))) {
            IndexName films = IndexName.of("films");
            search.createIndex(films, new IndexFields(List.of("title"), List.of("title")));
            for (int batch = 0; batch < 4; batch++) {
                List<Map<String, Object>> docs = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    docs.add(Map.of("id", "d" + batch + "-" + i, "title", "Vertigo " + batch + " " + i));
                }
                search.load(films, docs);
            }
            assertTrue(search.segmentCount(films) > 1, "a segment per load");
            search.checkpointNow(); // folds the log (unless the background checkpoint just did)
            search.checkpointNow(); // nothing written since
            assertEquals(1, search.segmentCount(films));
            assertEquals(200, search.query(films, text("vertigo")).size());

            search.add(films, "one-more", Map.of("title", "Vertigo again"));
            search.checkpointNow();
            search.checkpointNow();
            assertEquals(2, search.segmentCount(films), "one small write does not rewrite the index");
            assertEquals(201, search.query(films, text("vertigo")).size());
        }
    }

    @Test
    void aCrashImageHoldsEveryAcknowledgedWriteThroughTheLog() throws IOException {
        Path live = dir.resolve("live");
        Path image = dir.resolve("image");
        try (LuceneSearch search = new LuceneSearch(live)) {
            search.createIndex(IndexName.of("films"), new IndexFields(List.of("title"), List.of("title")));
            search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
            search.load(IndexName.of("films"), List.of(Map.of("id", "b", "title", "Psycho"), Map.of("id", "c", "title", "Rebecca")));
            search.update(IndexName.of("films"), "a", Map.of("title", "Notorious"));
            search.remove(IndexName.of("films"), "c");
            assertTrue(logRecords(live) > 0, "the writes are in the log, not yet in a Lucene commit");
            copy(live, image);
        }
        try (LuceneSearch recovered = new LuceneSearch(image)) {
            assertEquals("Notorious", recovered.get(IndexName.of("films"), "a").get("title"));
            assertEquals(List.of("b"), ids(recovered.query(IndexName.of("films"), text("psycho rebecca"))));
            assertFact(HyperException.Fact.ITEM_NOT_FOUND, () -> recovered.get(IndexName.of("films"), "c"));
            assertEquals(List.of(), ids(recovered.query(IndexName.of("films"), text("vertigo"))));
        }
    }

    @Test
    void aTornRecordAtTheEndOfTheLogIsIgnored() throws IOException {
        Path live = dir.resolve("live");
        Path image = dir.resolve("image");
        try (LuceneSearch search = new LuceneSearch(live)) {
            search.createIndex(IndexName.of("films"), new IndexFields(List.of("title"), List.of()));
            search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
            copy(live, image);
        }
        try (Stream<Path> logs = Files.walk(image)) {
            Path last = logs.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().reduce((x, y) -> y).orElseThrow();
            Files.write(last, new byte[] {0, 0, 0, 50, 1, 2, 3, 4, '{', '"'}, StandardOpenOption.APPEND);
        }
        try (LuceneSearch recovered = new LuceneSearch(image)) {
            assertEquals("Vertigo", recovered.get(IndexName.of("films"), "a").get("title"));
            recovered.add(IndexName.of("films"), "b", Map.of("title", "Psycho"));
            assertEquals(List.of("b"), ids(recovered.query(IndexName.of("films"), text("psycho"))));
        }
    }

    @Test
    void writesAfterACheckpointGoToANewLogAndStillRecover() throws IOException {
        Path live = dir.resolve("live");
        Path image = dir.resolve("image");
        try (LuceneSearch search = new LuceneSearch(live)) {
            search.createIndex(IndexName.of("films"), new IndexFields(List.of("title"), List.of()));
            search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
            search.checkpointNow();
            assertEquals(0, logRecords(live), "the checkpoint folded the log into a commit");
            search.add(IndexName.of("films"), "b", Map.of("title", "Psycho"));
            copy(live, image);
        }
        try (LuceneSearch recovered = new LuceneSearch(image)) {
            assertEquals(List.of("a"), ids(recovered.query(IndexName.of("films"), text("vertigo"))));
            assertEquals(List.of("b"), ids(recovered.query(IndexName.of("films"), text("psycho"))));
        }
    }

    @Test
    void everyDurabilityModeKeepsAcknowledgedWrites() throws IOException {
        for (LuceneSearch.Durability mode : LuceneSearch.Durability.values()) {
            Path live = dir.resolve(mode + "-live");
            Path image = dir.resolve(mode + "-image");
            try (LuceneSearch search = new LuceneSearch(live, mode)) {
                search.createIndex(IndexName.of("films"), new IndexFields(List.of("title"), List.of()));
                search.add(IndexName.of("films"), "a", Map.of("title", "Vertigo"));
                copy(live, image);
            }
            try (LuceneSearch recovered = new LuceneSearch(image, mode)) {
                assertEquals(List.of("a"), ids(recovered.query(IndexName.of("films"), text("vertigo"))), mode.name());
            }
        }
    }

    @Test
    void folderNamesAreDistinctAndSafe() {
        assertEquals("movies", LuceneSearch.folderName("movies"));
        assertTrue(!LuceneSearch.folderName("Movies").equals(LuceneSearch.folderName("movies")));
        assertEquals("%2E", LuceneSearch.folderName("."));
        assertTrue(LuceneSearch.folderName("x".repeat(255)).length() < 100);
    }

    private static long logRecords(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }

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
}
