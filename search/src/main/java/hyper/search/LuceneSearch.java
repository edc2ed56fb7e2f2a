package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.search.IndexName;
import hyper.core.search.SearchKeys;
import hyper.core.BulkResult;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchPort;
import hyper.core.search.SearchQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The search port on Apache Lucene. Each index lives in its own folder under the root given to the
 * constructor: {@code index.json} (name, fields, storeFields) and {@code lucene/} (the Lucene index). Every
 * index is opened by the constructor, so a server built on it is ready before it accepts requests.
 *
 * <p>A write returns once its document is searchable (near-real-time reader refresh) and on disk (see
 * {@link Durability}), so an acknowledged write survives a crash of the process or the machine.
 */
public final class LuceneSearch implements SearchPort {

    /** How a write is made durable before it returns. */
    public enum Durability {
        /**
         * The write is appended to a log, forced once for every writer waiting at that moment; Lucene commits
         * every few seconds in the background, and the log is replayed at open. The default: cheapest.
         */
        WRITE_AHEAD_LOG,
        /** Writers arriving together share one Lucene commit. */
        GROUP_COMMIT,
        /** Every write makes its own Lucene commit. */
        COMMIT_EACH_WRITE
    }

    /** How often the write-ahead log is folded into a Lucene commit. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private final IndexCatalogue catalogue;
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-checkpoint").factory());

    /** Opens (creating if needed) the indexes under {@code root}, with a write-ahead log. */
    public LuceneSearch(Path root) {
        this(root, Durability.WRITE_AHEAD_LOG);
    }

    /** Opens (creating if needed) the indexes under {@code root}. */
    public LuceneSearch(Path root, Durability durability) {
        this.catalogue = new IndexCatalogue(root, durability);
        long every = CHECKPOINT_INTERVAL.toMillis();
        checkpoints.scheduleWithFixedDelay(catalogue::checkpointAll, every, every, TimeUnit.MILLISECONDS);
        try {
            catalogue.openAll();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the search indexes in " + root, e);
        }
    }

    // ---- indexes ----

    @Override
    public void createIndex(IndexName name, IndexFields fields) {
        catalogue.create(name.value(), fields);
    }

    @Override
    public void removeIndex(IndexName name) {
        catalogue.remove(name.value());
    }

    // ---- documents ----

    @Override
    public void add(IndexName index, String key, Map<String, Object> doc) {
        run(index, i -> i.add(key, stored(key, doc)));
    }

    @Override
    public Map<String, Object> get(IndexName index, String key) {
        SearchIndex i = catalogue.find(index.value()).orElseThrow(() -> HyperException.of(Fact.ITEM_NOT_FOUND));
        return call(i, () -> i.get(key));
    }

    @Override
    public void update(IndexName index, String key, Map<String, Object> doc) {
        run(index, i -> i.put(key, stored(key, doc)));
    }

    @Override
    public void remove(IndexName index, String key) {
        run(index, i -> i.remove(key));
    }

    @Override
    public List<Map<String, Object>> query(IndexName index, SearchQuery query) {
        SearchIndex i = require(index);
        return call(i, () -> i.query(query));
    }

    /**
     * Checks every document first (each needs an {@code _id} or {@code id}, no key twice), then adds them
     * all or none. The stored document is {@code {...doc, _id}}.
     */
    @Override
    public List<BulkResult> load(IndexName index, List<Map<String, Object>> docs) {
        SearchIndex i = require(index);
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (int n = 0; n < docs.size(); n++) {
            Map<String, Object> doc = docs.get(n);
            String key = bulkKey(doc, n);
            Map<String, Object> stored = new LinkedHashMap<>(doc);
            stored.put("_id", key);
            if (byKey.put(key, stored) != null) {
                throw HyperException.of(Fact.ITEM_REPEATED, key);
            }
        }
        run(i, x -> x.addAll(byKey));
        List<BulkResult> results = new ArrayList<>(byKey.size());
        byKey.keySet().forEach(key -> results.add(new BulkResult(true, key)));
        return results;
    }

    /** The original's {@code doc._id || doc.id}: the first that is a non-empty string or a number. */
    private static String bulkKey(Map<String, Object> doc, int position) {
        return requireKey(SearchKeys.ofBulkDocument(doc)
                .orElseThrow(() -> HyperException.invalid("document " + position + " has no key")));
    }

    private static Map<String, Object> stored(String key, Map<String, Object> doc) {
        requireKey(key);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("_id", key);
        stored.putAll(doc); // a _id inside the document wins, as in the original
        return stored;
    }

    /** The HTTP layer checks keys first; this guards callers that do not. */
    private static String requireKey(String key) {
        if (!SearchKeys.isValid(key)) {
            throw HyperException.invalid("key is not valid");
        }
        return key;
    }

    // ---- plumbing ----

    private SearchIndex require(IndexName index) {
        return catalogue.find(index.value()).orElseThrow(() -> HyperException.of(Fact.STORE_NOT_FOUND));
    }

    private interface IndexWork {
        void run(SearchIndex index) throws IOException;
    }

    private interface IndexRead<T> {
        T get() throws IOException;
    }

    private void run(IndexName index, IndexWork work) {
        run(require(index), work);
    }

    private static void run(SearchIndex index, IndexWork work) {
        call(index, () -> {
            work.run(index);
            return null;
        });
    }

    /**
     * Translates Lucene's failures: an index deleted under a running request is simply gone; a writer that
     * Lucene closed after a tragic event names its cause; a full disk is DISK_FULL.
     */
    private static <T> T call(SearchIndex index, IndexRead<T> read) {
        try {
            return read.get();
        } catch (AlreadyClosedException | ClosedChannelException e) {
            if (e.getCause() != null) {
                throw HyperException.ioFailure("search index " + index.name + " failed", e);
            }
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (IOException | UncheckedIOException e) {
            throw HyperException.ioFailure("search index " + index.name + " failed", e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw HyperException.refused("the query is too long: at most " + IndexSearcher.getMaxClauseCount()
                    + " words times fields");
        } catch (IllegalArgumentException e) {
            throw HyperException.invalid(e.getMessage());
        }
    }

    /** The folder an index is kept in, under the root (see {@link IndexCatalogue#folderName}). */
    static String folderName(String index) {
        return IndexCatalogue.folderName(index);
    }

    /** Folds every index's log into a Lucene commit now (tests; the background does it every few seconds). */
    void checkpointNow() {
        catalogue.checkpointAll();
    }

    /** Closes every index, committing what is buffered. */
    @Override
    public void close() {
        checkpoints.shutdown(); // lets a running checkpoint finish: an interrupt would close its files
        try {
            checkpoints.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catalogue.close();
    }
}
