package hyper.search;

import hyper.core.search.IndexFields;
import hyper.core.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;

/**
 * One open search index, kept in its own folder: {@code lucene/} (the Lucene index) and {@code wal/} (its
 * write-ahead log). Writes go through its {@link WritePipeline}, reads through its {@link SearchReads}; both
 * map documents with the same {@link DocumentMapping}. A pipeline that stopped after a failed write is
 * replaced by a new one on the same files at the next write.
 */
final class SearchIndex implements Closeable {

    final String name;
    private final FSDirectory directory;
    private final Path walFolder;
    private final DocumentMapping mapping;
    private final LuceneSearch.Durability durability;
    private volatile WritePipeline writes;
    private final SearchReads reads;
    /** Set once the index is closed or discarded; it then opens nothing again. Guarded by this. */
    private boolean closed;

    /** Opens (or creates) the index kept in {@code folder}, replaying its log; queries share {@code typoCache}. */
    SearchIndex(String name, IndexFields fields, Path folder, LuceneSearch.Durability durability,
            TypoTermsCache typoCache) throws IOException {
        this.name = name;
        this.directory = FSDirectory.open(folder.resolve("lucene"));
        this.walFolder = folder.resolve("wal");
        this.mapping = new DocumentMapping(fields);
        this.durability = durability;
        try {
            this.writes = WritePipeline.open(directory, walFolder, mapping, durability);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.reads = new SearchReads(fields, () -> writes.searchers(), typoCache);
    }

    /**
     * The pipeline to write through. One that stopped (a write failed: the disk was full, say, or Lucene
     * closed its writer after a tragic event) is replaced by a new one opened on the index's files, its last
     * commit and its log, so that writes work again once the cause is gone; until then each write tries, and
     * fails as opening does. Reads use the stopped pipeline's searcher meanwhile.
     */
    private WritePipeline writes() throws IOException {
        WritePipeline current = writes;
        if (!current.stopped()) {
            return current;
        }
        synchronized (this) {
            if (writes == current && !closed) {
                current.stop(new IOException("Lucene closed the writer", current.tragedy()));
                writes = WritePipeline.open(directory, walFolder, mapping, durability);
                current.discard();
            }
            return writes;
        }
    }

    /** Adds {@code source} under {@code key}; CONFLICT if the key exists. */
    void add(String key, Map<String, Object> source) throws IOException {
        writes().add(key, source);
    }

    /** Replaces or inserts the document under {@code key}. */
    void put(String key, Map<String, Object> source) throws IOException {
        writes().put(key, source);
    }

    /** Removes the document under {@code key}; NOT_FOUND if there is none. */
    void remove(String key) throws IOException {
        writes().remove(key);
    }

    /** Adds every document, all or none: CONFLICT (and nothing written) if a key exists already. */
    void addAll(Map<String, Map<String, Object>> sourcesByKey) throws IOException {
        writes().addAll(sourcesByKey);
    }

    /**
     * Folds the write-ahead log into a Lucene commit, or merges an index left idle in many segments (a
     * stopped pipeline has nothing to fold).
     */
    void checkpoint() throws IOException {
        writes.checkpoint();
    }

    /** The stored document under {@code key}; NOT_FOUND if there is none. */
    Map<String, Object> get(String key) throws IOException {
        return read(() -> reads.get(key));
    }

    /** Matches best first, in the shape of the original's search results. */
    List<Map<String, Object>> query(SearchQuery request) throws IOException {
        return read(() -> reads.query(request));
    }

    /** How many documents the index holds. */
    int count() throws IOException {
        return read(reads::count);
    }

    /** How many segments its searcher reads (tests). */
    int segmentCount() throws IOException {
        return read(reads::segmentCount);
    }

    /** Stored documents from the key {@code from} on, in key order, at most {@code limit}. */
    List<Map<String, Object>> documents(String from, int limit) throws IOException {
        return read(() -> reads.documents(from, limit));
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    /** Runs a read, once more if the pipeline was replaced under it (which closes the old searcher). */
    private <T> T read(Read<T> read) throws IOException {
        WritePipeline used = writes;
        try {
            return read.get();
        } catch (AlreadyClosedException e) {
            if (writes == used) {
                throw e;
            }
            return read.get();
        }
    }

    /** Closes the index: a last commit, after which the log is no longer needed. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        try (FSDirectory dir = directory) {
            writes.close();
        }
    }

    /** Closes the index without committing, before its files are deleted. */
    synchronized void discard() throws IOException {
        closed = true;
        try (FSDirectory dir = directory) {
            writes.discard();
        }
    }
}
