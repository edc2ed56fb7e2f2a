package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
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
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The search port on Apache Lucene. Each index lives in its own folder under the root given to the
 * constructor: {@code index.json} (name, fields, storeFields), {@code lucene/} (the Lucene index) and
 * {@code wal/} (its write-ahead log). The constructor only lists the indexes; each is opened by the first
 * request that uses it, and a few are kept open (see {@link OpenIndexes}), so any number of indexes fit in
 * the process's file descriptors.
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

    /**
     * How many indexes are kept open, each holding two file descriptors (its writer's lock and its log) and
     * its writer's buffers. Opening one more closes the least recently used one that no request is using, and
     * an index unused for {@code idleTimeout} is closed too (checked every few seconds). Closing commits; the
     * index opens again on its next request.
     *
     * @param max indexes open at once, at least 1; exceeded only while every open index is in use
     * @param idleTimeout how long an unused index stays open
     */
    public record OpenIndexes(int max, Duration idleTimeout) {

        /** At most 256 open indexes (512 descriptors), each closed after 5 minutes unused. */
        public static final OpenIndexes DEFAULT = new OpenIndexes(256, Duration.ofMinutes(5));

        public OpenIndexes {
            if (max < 1) {
                throw new IllegalArgumentException("at least one index must be allowed open: " + max);
            }
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("the idle timeout cannot be negative: " + idleTimeout);
            }
        }
    }

    /** How often the write-ahead log is folded into a Lucene commit, and idle indexes are closed. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private final IndexCatalogue catalogue;
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-checkpoint").factory());

    /** Lists (creating the root if needed) the indexes under {@code root}, with a write-ahead log. */
    public LuceneSearch(Path root) {
        this(root, Durability.WRITE_AHEAD_LOG);
    }

    /** Lists (creating the root if needed) the indexes under {@code root}. */
    public LuceneSearch(Path root, Durability durability) {
        this(root, durability, OpenIndexes.DEFAULT);
    }

    /** Lists (creating the root if needed) the indexes under {@code root}, keeping {@code open} of them open. */
    public LuceneSearch(Path root, Durability durability, OpenIndexes open) {
        this.catalogue = new IndexCatalogue(root, durability, open.max(), open.idleTimeout());
        long every = CHECKPOINT_INTERVAL.toMillis();
        checkpoints.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
        try {
            catalogue.list();
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

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(catalogue.count());
    }

    /** Opens each index to count its documents (closed ones too, as a request would). */
    @Override
    public List<StoreInfo> listStores() {
        List<StoreInfo> stores = new ArrayList<>();
        for (String name : catalogue.names()) {
            IndexCatalogue.Lease lease;
            try {
                lease = catalogue.acquire(name).orElse(null);
            } catch (IOException e) {
                throw HyperException.ioFailure("cannot open search index " + name, e);
            }
            if (lease == null) {
                continue; // removed meanwhile
            }
            try (lease) {
                SearchIndex i = lease.index();
                try {
                    stores.add(new StoreInfo(name, OptionalLong.of(call(i, i::count))));
                } catch (HyperException e) {
                    if (e.fact() != Fact.STORE_NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        return stores;
    }

    @Override
    public IndexFields fields(IndexName index) {
        return catalogue.fields(index.value()).orElseThrow(() -> HyperException.of(Fact.STORE_NOT_FOUND));
    }

    @Override
    public List<Map<String, Object>> documents(IndexName index, String from, int limit) {
        return use(index, Fact.STORE_NOT_FOUND, i -> i.documents(from, limit));
    }

    // ---- documents ----

    @Override
    public void add(IndexName index, String key, Map<String, Object> doc) {
        run(index, i -> i.add(key, stored(key, doc)));
    }

    @Override
    public Map<String, Object> get(IndexName index, String key) {
        return use(index, Fact.ITEM_NOT_FOUND, i -> i.get(key));
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
        return use(index, Fact.STORE_NOT_FOUND, i -> i.query(query));
    }

    /**
     * Checks every document first (each needs an {@code _id} or {@code id}, no key twice), then adds them
     * all or none. The stored document is {@code {...doc, _id}}.
     */
    @Override
    public List<BulkResult> load(IndexName index, List<Map<String, Object>> docs) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        run(index, i -> {
            for (int n = 0; n < docs.size(); n++) {
                Map<String, Object> doc = docs.get(n);
                String key = bulkKey(doc, n);
                Map<String, Object> stored = new LinkedHashMap<>(doc);
                stored.put("_id", key);
                if (byKey.put(key, stored) != null) {
                    throw HyperException.of(Fact.ITEM_REPEATED, key);
                }
            }
            i.addAll(byKey);
        });
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

    private interface IndexWork {
        void run(SearchIndex index) throws IOException;
    }

    private interface IndexUse<T> {
        T apply(SearchIndex index) throws IOException;
    }

    private interface IndexRead<T> {
        T get() throws IOException;
    }

    private void run(IndexName index, IndexWork work) {
        use(index, Fact.STORE_NOT_FOUND, i -> {
            work.run(i);
            return null;
        });
    }

    /**
     * Runs {@code use} on the index, opened if it was closed and kept open until {@code use} returns;
     * {@code missing} if there is no such index.
     */
    private <T> T use(IndexName index, Fact missing, IndexUse<T> use) {
        IndexCatalogue.Lease lease;
        try {
            lease = catalogue.acquire(index.value()).orElseThrow(() -> HyperException.of(missing));
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot open search index " + index.value(), e);
        }
        try (lease) {
            SearchIndex i = lease.index();
            return call(i, () -> use.apply(i));
        }
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
            // the words times fields counted before searching, or their variants while expanding them
            throw SearchQuery.tooLong(IndexSearcher.getMaxClauseCount());
        } catch (IllegalArgumentException e) {
            throw HyperException.invalid(e.getMessage());
        }
    }

    /** The folder an index is kept in, under the root (see {@link IndexCatalogue#folderName}). */
    static String folderName(String index) {
        return IndexCatalogue.folderName(index);
    }

    /** Closes the indexes idle for too long, then folds the log of every open one into a Lucene commit. */
    private void maintain() {
        catalogue.closeIdle();
        catalogue.checkpointAll();
    }

    /**
     * Folds every open index's log into a Lucene commit now, or merges those idle in many segments (tests; the
     * background does it every few seconds).
     */
    void checkpointNow() {
        catalogue.checkpointAll();
    }

    /** Closes the indexes unused for the idle timeout now (tests; the background does it every few seconds). */
    void closeIdleNow() {
        catalogue.closeIdle();
    }

    /** How many segments the searcher of {@code index} reads (tests). */
    int segmentCount(IndexName index) {
        return use(index, Fact.STORE_NOT_FOUND, SearchIndex::segmentCount);
    }

    /** How many indexes are open now. */
    int openIndexes() {
        return catalogue.openCount();
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
