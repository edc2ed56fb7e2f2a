package hyper.search;

import hyper.core.search.IndexFields;
import hyper.core.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.FSDirectory;

/**
 * One open search index, kept in its own folder: {@code lucene/} (the Lucene index) and {@code wal/} (its
 * write-ahead log). Writes go through its {@link WritePipeline}, reads through its {@link SearchReads}; both
 * map documents with the same {@link DocumentMapping}.
 */
final class SearchIndex implements Closeable {

    final String name;
    private final FSDirectory directory;
    private final WritePipeline writes;
    private final SearchReads reads;

    /** Opens (or creates) the index kept in {@code folder}, replaying its log. */
    SearchIndex(String name, IndexFields fields, Path folder, LuceneSearch.Durability durability) throws IOException {
        this.name = name;
        this.directory = FSDirectory.open(folder.resolve("lucene"));
        try {
            this.writes = WritePipeline.open(directory, folder.resolve("wal"), new DocumentMapping(fields), durability);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.reads = new SearchReads(fields, writes.searchers());
    }

    /** Adds {@code source} under {@code key}; CONFLICT if the key exists. */
    void add(String key, Map<String, Object> source) throws IOException {
        writes.add(key, source);
    }

    /** Replaces or inserts the document under {@code key}. */
    void put(String key, Map<String, Object> source) throws IOException {
        writes.put(key, source);
    }

    /** Removes the document under {@code key}; NOT_FOUND if there is none. */
    void remove(String key) throws IOException {
        writes.remove(key);
    }

    /** Adds every document, all or none: CONFLICT (and nothing written) if a key exists already. */
    void addAll(Map<String, Map<String, Object>> sourcesByKey) throws IOException {
        writes.addAll(sourcesByKey);
    }

    /** Folds the write-ahead log into a Lucene commit. */
    void checkpoint() throws IOException {
        writes.checkpoint();
    }

    /** The stored document under {@code key}; NOT_FOUND if there is none. */
    Map<String, Object> get(String key) throws IOException {
        return reads.get(key);
    }

    /** Matches best first, in the shape of the original's search results. */
    List<Map<String, Object>> query(SearchQuery request) throws IOException {
        return reads.query(request);
    }

    /** Closes the index: a last commit, after which the log is no longer needed. */
    @Override
    public void close() throws IOException {
        try (FSDirectory dir = directory) {
            writes.close();
        }
    }

    /** Closes the index without committing, before its files are deleted. */
    void discard() throws IOException {
        try (FSDirectory dir = directory) {
            writes.discard();
        }
    }
}
