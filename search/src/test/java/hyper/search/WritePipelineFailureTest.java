package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.search.IndexFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write whose record reached the log but whose change Lucene could not write (the disk filled up between
 * the two) fails, stops the pipeline, and does not come back when the index is opened again; every
 * acknowledged write does. The server's disk-full suite fills a real disk; this case needs the log to have
 * room while Lucene has none, which only a directory that refuses new files makes certain.
 */
class WritePipelineFailureTest {

    private static final IndexFields FIELDS = new IndexFields(List.of("title"), List.of("title"));

    @TempDir
    Path dir;

    /**
     * A directory that, while {@link #full} is set, answers ENOSPC for every new file but the stored-fields
     * files a document being added goes to: the add and its log record succeed, and the flush that would make
     * it visible fails.
     */
    static final class FillingDirectory extends FilterDirectory {
        volatile boolean full;

        FillingDirectory(Directory in) {
            super(in);
        }

        @Override
        public IndexOutput createOutput(String name, IOContext context) throws IOException {
            if (full && !name.matches(".*\\.(fdt|fdx|fdm)")) {
                throw new IOException("No space left on device");
            }
            return super.createOutput(name, context);
        }
    }

    @Test
    void aWriteLuceneCouldNotStoreFailsAndStaysGoneWhileAcknowledgedWritesStay() throws IOException {
        try (FillingDirectory lucene = new FillingDirectory(FSDirectory.open(dir.resolve("lucene")))) {
            WritePipeline writes = open(lucene);
            writes.add("before", Map.of("title", "acknowledged"));

            lucene.full = true;
            IOException failure = assertThrows(IOException.class, () -> writes.add("during", Map.of("title", "lost")));
            assertTrue(HyperException.isDiskFull(failure), failure::toString);
            assertTrue(writes.stopped());
            assertThrows(IOException.class, () -> writes.put("other", Map.of("title", "refused")));
            assertEquals("acknowledged", title(writes, "before"), "reads go on");
            assertThrows(HyperException.class, () -> title(writes, "during"));
            Exception reopening = assertThrows(Exception.class, () -> open(lucene), "opening again needs space");
            assertTrue(HyperException.isDiskFull(reopening), reopening::toString);

            lucene.full = false;
            writes.discard();
            WritePipeline reopened = open(lucene);
            try {
                assertEquals("acknowledged", title(reopened, "before"));
                assertThrows(HyperException.class, () -> title(reopened, "during"));
                reopened.add("during", Map.of("title", "sent again"));
                assertEquals("sent again", title(reopened, "during"));
                assertFalse(reopened.stopped());
            } finally {
                reopened.close();
            }
        }
    }

    private WritePipeline open(Directory lucene) throws IOException {
        return WritePipeline.open(lucene, dir.resolve("wal"), new DocumentMapping(FIELDS),
                LuceneSearch.Durability.WRITE_AHEAD_LOG);
    }

    private static Object title(WritePipeline writes, String key) throws IOException {
        return new SearchReads(FIELDS, writes::searchers, new TypoTermsCache(0)).get(key).get("title");
    }
}
