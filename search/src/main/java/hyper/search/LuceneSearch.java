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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    private static final System.Logger LOG = System.getLogger(LuceneSearch.class.getName());

    private static final String META = "index.json";

    private final Path root;
    private final Durability durability;
    private final Map<String, SearchIndex> indexes = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-checkpoint").factory());

    /** Opens (creating if needed) the indexes under {@code root}, with a write-ahead log. */
    public LuceneSearch(Path root) {
        this(root, Durability.WRITE_AHEAD_LOG);
    }

    /** Opens (creating if needed) the indexes under {@code root}. */
    public LuceneSearch(Path root, Durability durability) {
        this.root = root;
        this.durability = durability;
        long every = CHECKPOINT_INTERVAL.toMillis();
        checkpoints.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path dir : dirs) {
                    open(dir);
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the search indexes in " + root, e);
        }
    }

    private void open(Path dir) throws IOException {
        Path meta = dir.resolve(META);
        if (!Files.exists(meta)) {
            deleteTree(dir); // left by a create or destroy that a crash interrupted
            return;
        }
        Map<String, Object> m = Sources.read(Files.readAllBytes(meta), 0, (int) Files.size(meta));
        String name = (String) m.get("name");
        IndexFields fields = new IndexFields(strings(m.get("fields")), strings(m.get("storeFields")));
        indexes.put(name, new SearchIndex(name, fields, dir, durability));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : List.copyOf((List<String>) list);
    }

    // ---- indexes ----

    @Override
    public void createIndex(IndexName name, IndexFields fields) {
        String index = name.value();
        synchronized (lifecycle) {
            if (indexes.containsKey(index)) {
                throw HyperException.of(Fact.STORE_EXISTS);
            }
            Path dir = root.resolve(folderName(index));
            try {
                deleteTree(dir);
                Files.createDirectories(dir);
                SearchIndex opened = new SearchIndex(index, fields, dir, durability);
                try {
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("name", index);
                    meta.put("fields", fields.fields());
                    meta.put("storeFields", fields.storeFields());
                    writeDurably(dir.resolve(META), Sources.write(meta));
                } catch (IOException | RuntimeException e) {
                    opened.discard();
                    throw e;
                }
                indexes.put(index, opened);
            } catch (IOException e) {
                throw HyperException.failed("cannot create index " + index, e);
            }
        }
    }

    @Override
    public void removeIndex(IndexName name) {
        String index = name.value();
        synchronized (lifecycle) {
            SearchIndex removed = indexes.remove(index);
            if (removed == null) {
                return;
            }
            Path dir = root.resolve(folderName(index));
            try {
                removed.discard();
                // without its metadata the folder is garbage, collected at the next start if not now
                Files.deleteIfExists(dir.resolve(META));
                fsync(dir, true);
                deleteTree(dir);
            } catch (IOException e) {
                throw HyperException.refused("cannot delete index " + index + ": " + e.getMessage());
            }
        }
    }

    // ---- documents ----

    @Override
    public void add(IndexName index, String key, Map<String, Object> doc) {
        run(index, i -> i.add(key, stored(key, doc)));
    }

    @Override
    public Map<String, Object> get(IndexName index, String key) {
        SearchIndex i = indexes.get(index.value());
        if (i == null) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
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
        SearchIndex i = indexes.get(index.value());
        if (i == null) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return i;
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

    /** Translates Lucene's failures: an index deleted under a running request is simply gone. */
    private static <T> T call(SearchIndex index, IndexRead<T> read) {
        try {
            return read.get();
        } catch (AlreadyClosedException | ClosedChannelException e) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (IOException | UncheckedIOException e) {
            throw HyperException.failed("search index " + index.name + " failed", e);
        } catch (IllegalArgumentException e) {
            throw HyperException.invalid(e.getMessage());
        }
    }

    /**
     * The folder of an index: its name with every byte outside {@code [A-Za-z0-9_-]} percent-encoded, so that
     * names differing only in case or in unusual characters never share a folder; long names by hash.
     */
    static String folderName(String index) {
        StringBuilder out = new StringBuilder();
        for (byte b : index.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append('^').append(c); // case-insensitive file systems must not merge "A" and "a"
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        if (out.length() <= 120) {
            return out.toString();
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(index.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync(file.getParent(), true);
        fsync(file.getParent().getParent(), true);
    }

    private static void fsync(Path path, boolean isDirectory) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (AccessDeniedException e) {
            if (!isDirectory) {
                throw e; // some platforms cannot open a directory to sync it; files must sync
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Folds every index's log into a Lucene commit now (tests; the background does it every few seconds). */
    void checkpointNow() {
        checkpoint();
    }

    /** Folds each index's log into a Lucene commit; a failure is retried at the next interval. */
    private void checkpoint() {
        for (SearchIndex index : indexes.values()) {
            try {
                index.checkpoint();
            } catch (AlreadyClosedException e) {
                // deleted meanwhile
            } catch (IOException | RuntimeException e) {
                if (indexes.get(index.name) == index) {
                    LOG.log(System.Logger.Level.WARNING, "checkpoint of search index " + index.name + " failed", e);
                }
            }
        }
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
        IOException failure = null;
        for (SearchIndex index : indexes.values()) {
            try {
                index.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        indexes.clear();
        if (failure != null) {
            throw new UncheckedIOException("closing the search indexes failed", failure);
        }
    }
}
