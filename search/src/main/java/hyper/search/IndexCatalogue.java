package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.search.IndexFields;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The indexes on disk and the few of them open: one folder per index under the root, holding {@code index.json}
 * (name, fields, storeFields) beside the index's own files. An index exists once its {@code index.json} is
 * durably written, and is gone once it is deleted, so a folder without one is what a crash left and is deleted
 * at start.
 *
 * <p>Start-up only lists the folders and reads their {@code index.json}. An index is opened (its log replayed)
 * by the first request that uses it, and holds two file descriptors while open (its writer's lock and its log),
 * so at most {@code maxOpen} indexes are kept open: opening one more closes the least recently used that no
 * request is using, and an index unused for {@code idleTimeout} is closed too. Closing commits to Lucene and
 * only then drops the log, so it changes nothing that a crash could lose. A request holds a {@link Lease} while
 * it uses an index, and a leased index is never closed for eviction or idleness; if every open index is leased,
 * the cap is exceeded until the leases end.
 */
final class IndexCatalogue implements Closeable {

    /** Named after the adapter, the one name an operator knows to configure. */
    private static final System.Logger LOG = System.getLogger(LuceneSearch.class.getName());
    private static final String META = "index.json";

    private final Path root;
    private final LuceneSearch.Durability durability;
    /** Shared by every index, so that its bound holds for all of them together. */
    private final TypoTermsCache typoCache = new TypoTermsCache(TypoTermsCache.DEFAULT_ENTRIES);
    private final int maxOpen;
    private final long idleNanos;
    /** Every index on disk, open or not. */
    private final Map<String, Entry> indexes = new ConcurrentHashMap<>();
    /** The entries whose index is open. */
    private final Set<Entry> open = ConcurrentHashMap.newKeySet();
    /** Serialises creating and removing indexes. */
    private final Object lifecycle = new Object();

    /** One index on disk, and its {@link SearchIndex} while it is open. */
    private static final class Entry {
        final String name;
        final IndexFields fields;
        final Path dir;
        /** Held while the index opens or closes, and to count leases. */
        final ReentrantLock lock = new ReentrantLock();
        /** The open index, or null. Guarded by the lock. */
        SearchIndex index;
        /** Leases not yet closed. Guarded by the lock. */
        int leases;
        /** Deleted, or the catalogue closed: never opened again. Guarded by the lock. */
        boolean gone;
        /** {@link System#nanoTime} of the last lease taken or ended. */
        volatile long lastUsed;

        Entry(String name, IndexFields fields, Path dir) {
            this.name = name;
            this.fields = fields;
            this.dir = dir;
        }
    }

    /** A request's use of an open index, which stays open until the lease is closed. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private final SearchIndex index;
        private final boolean touches;
        private boolean closed;

        private Lease(Entry entry, SearchIndex index, boolean touches) {
            this.entry = entry;
            this.index = index;
            this.touches = touches;
        }

        SearchIndex index() {
            return index;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(entry, touches);
            }
        }
    }

    IndexCatalogue(Path root, LuceneSearch.Durability durability, int maxOpen, Duration idleTimeout) {
        this.root = root;
        this.durability = durability;
        this.maxOpen = maxOpen;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Lists the indexes under the root, creating the root if needed; opens none of them. */
    /** How many indexes exist. */
    int count() {
        return indexes.size();
    }

    /** The fields of the index named {@code index}, if there is one. */
    Optional<IndexFields> fields(String index) {
        return Optional.ofNullable(indexes.get(index)).map(entry -> entry.fields);
    }

    /** The names of the indexes, sorted. */
    List<String> names() {
        return indexes.keySet().stream().sorted().toList();
    }

    void list() throws IOException {
        Files.createDirectories(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                register(dir);
            }
        }
    }

    private void register(Path dir) throws IOException {
        Path meta = dir.resolve(META);
        if (!Files.exists(meta)) {
            deleteTree(dir); // left by a create or destroy that a crash interrupted
            return;
        }
        Map<String, Object> m = Sources.read(Files.readAllBytes(meta), 0, (int) Files.size(meta));
        String name = (String) m.get("name");
        IndexFields fields = new IndexFields(strings(m.get("fields")), strings(m.get("storeFields")));
        indexes.put(name, new Entry(name, fields, dir));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : List.copyOf((List<String>) list);
    }

    /**
     * A lease on the index named {@code index}, opening it (and replaying its log) if it is closed; empty if
     * there is no such index. The caller closes the lease once its request is done with the index.
     */
    Optional<Lease> acquire(String index) throws IOException {
        Entry entry = indexes.get(index);
        if (entry == null) {
            return Optional.empty();
        }
        Lease lease;
        boolean opened = false;
        entry.lock.lock();
        try {
            if (entry.gone) {
                return Optional.empty();
            }
            if (entry.index == null) {
                entry.index = new SearchIndex(entry.name, entry.fields, entry.dir, durability, typoCache);
                open.add(entry);
                opened = true;
            }
            entry.leases++;
            entry.lastUsed = System.nanoTime();
            lease = new Lease(entry, entry.index, true);
        } finally {
            entry.lock.unlock();
        }
        if (opened) {
            closeBeyondCap();
        }
        return Optional.of(lease);
    }

    private void release(Entry entry, boolean touch) {
        entry.lock.lock();
        try {
            entry.leases--;
            if (touch) {
                entry.lastUsed = System.nanoTime();
            }
        } finally {
            entry.lock.unlock();
        }
        if (open.size() > maxOpen) {
            closeBeyondCap(); // the cap was exceeded while every open index was leased
        }
    }

    /** How many indexes are open now. */
    int openCount() {
        return open.size();
    }

    /** Creates the index {@code index}; CONFLICT if it exists. It stays open, as a write usually follows. */
    void create(String index, IndexFields fields) {
        synchronized (lifecycle) {
            if (indexes.containsKey(index)) {
                throw HyperException.of(Fact.STORE_EXISTS);
            }
            Path dir = root.resolve(folderName(index));
            try {
                deleteTree(dir);
                Files.createDirectories(dir);
                SearchIndex opened = new SearchIndex(index, fields, dir, durability, typoCache);
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
                Entry entry = new Entry(index, fields, dir);
                entry.index = opened;
                entry.lastUsed = System.nanoTime();
                open.add(entry);
                indexes.put(index, entry);
            } catch (IOException e) {
                throw HyperException.ioFailure("cannot create index " + index, e);
            }
        }
        closeBeyondCap();
    }

    /**
     * Closes and deletes the index {@code index}, if there is one. A request still using it fails as if it
     * had never been there.
     */
    void remove(String index) {
        synchronized (lifecycle) {
            Entry removed = indexes.remove(index);
            if (removed == null) {
                return;
            }
            try {
                removed.lock.lock();
                try {
                    removed.gone = true;
                    if (removed.index != null) {
                        open.remove(removed);
                        SearchIndex discarded = removed.index;
                        removed.index = null;
                        discarded.discard();
                    }
                } finally {
                    removed.lock.unlock();
                }
                // without its metadata the folder is garbage, collected at the next start if not now
                Files.deleteIfExists(removed.dir.resolve(META));
                fsync(removed.dir, true);
                deleteTree(removed.dir);
            } catch (IOException e) {
                throw HyperException.refused("cannot delete index " + index + ": " + e.getMessage());
            }
        }
    }

    /** Folds each open index's log into a Lucene commit; a failure is retried at the next interval. */
    void checkpointAll() {
        for (Entry entry : List.copyOf(open)) {
            try (Lease lease = leaseIfOpen(entry)) {
                if (lease != null) {
                    lease.index().checkpoint();
                }
            } catch (AlreadyClosedException e) {
                // deleted meanwhile
            } catch (IOException | RuntimeException e) {
                if (indexes.get(entry.name) == entry) {
                    LOG.log(System.Logger.Level.WARNING, "checkpoint of search index " + entry.name + " failed", e);
                }
            }
        }
    }

    /** A lease that keeps the index open without counting as a use of it; null if the index is closed. */
    private Lease leaseIfOpen(Entry entry) {
        entry.lock.lock();
        try {
            if (entry.index == null) {
                return null;
            }
            entry.leases++;
            return new Lease(entry, entry.index, false);
        } finally {
            entry.lock.unlock();
        }
    }

    /** Closes the open indexes that no request has used for the idle timeout. */
    void closeIdle() {
        long usedBefore = System.nanoTime() - idleNanos;
        for (Entry entry : List.copyOf(open)) {
            if (entry.lastUsed - usedBefore <= 0) {
                closeIfUnused(entry, usedBefore);
            }
        }
    }

    /** Closes the least recently used indexes no request is using, until at most {@code maxOpen} are open. */
    private void closeBeyondCap() {
        if (open.size() <= maxOpen) {
            return;
        }
        record Use(Entry entry, long lastUsed) {}
        List<Use> byAge = new ArrayList<>();
        for (Entry entry : open) {
            byAge.add(new Use(entry, entry.lastUsed)); // a snapshot: lastUsed changes while we sort
        }
        long now = System.nanoTime(); // nanoTime values compare only by difference
        byAge.sort(Comparator.comparingLong(u -> u.lastUsed() - now));
        for (Use use : byAge) {
            if (open.size() <= maxOpen) {
                return;
            }
            closeIfUnused(use.entry(), use.lastUsed());
        }
    }

    /**
     * Closes the index of {@code entry} if it is open, no lease holds it and it was not used after
     * {@code usedBefore}. Skips an index that is busy opening or closing rather than wait for it.
     */
    private void closeIfUnused(Entry entry, long usedBefore) {
        if (!entry.lock.tryLock()) {
            return;
        }
        try {
            if (entry.index == null || entry.leases > 0 || entry.lastUsed - usedBefore > 0) {
                return;
            }
            SearchIndex closing = entry.index;
            entry.index = null;
            open.remove(entry);
            try {
                closing.close();
            } catch (IOException | RuntimeException e) {
                // its files are closed all the same; the log it kept is replayed when it opens again
                LOG.log(System.Logger.Level.WARNING, "closing search index " + entry.name + " failed", e);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /** Closes every open index, committing what is buffered. */
    @Override
    public void close() {
        IOException failure = null;
        for (Entry entry : indexes.values()) {
            entry.lock.lock();
            try {
                entry.gone = true;
                if (entry.index != null) {
                    SearchIndex closing = entry.index;
                    entry.index = null;
                    open.remove(entry);
                    closing.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                entry.lock.unlock();
            }
        }
        indexes.clear();
        if (failure != null) {
            throw new UncheckedIOException("closing the search indexes failed", failure);
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
            ch.write(ByteBuffer.wrap(content));
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
}
