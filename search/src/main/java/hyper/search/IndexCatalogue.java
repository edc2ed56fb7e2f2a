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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The indexes on disk and open: one folder per index under the root, holding {@code index.json} (name, fields,
 * storeFields) beside the index's own files. An index exists once its {@code index.json} is durably written,
 * and is gone once it is deleted, so a folder without one is what a crash left and is deleted at open.
 */
final class IndexCatalogue implements Closeable {

    /** Named after the adapter, the one name an operator knows to configure. */
    private static final System.Logger LOG = System.getLogger(LuceneSearch.class.getName());
    private static final String META = "index.json";

    private final Path root;
    private final LuceneSearch.Durability durability;
    private final Map<String, SearchIndex> indexes = new ConcurrentHashMap<>();
    /** Serialises creating and removing indexes. */
    private final Object lifecycle = new Object();

    IndexCatalogue(Path root, LuceneSearch.Durability durability) {
        this.root = root;
        this.durability = durability;
    }

    /** Opens every index under the root, creating the root if needed. */
    void openAll() throws IOException {
        Files.createDirectories(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                open(dir);
            }
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

    /** The open index named {@code index}, if there is one. */
    Optional<SearchIndex> find(String index) {
        return Optional.ofNullable(indexes.get(index));
    }

    /** Creates the index {@code index}; CONFLICT if it exists. */
    void create(String index, IndexFields fields) {
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
                throw HyperException.ioFailure("cannot create index " + index, e);
            }
        }
    }

    /** Closes and deletes the index {@code index}, if there is one. */
    void remove(String index) {
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

    /** Folds each index's log into a Lucene commit; a failure is retried at the next interval. */
    void checkpointAll() {
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
