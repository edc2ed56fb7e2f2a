package hyper.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The write-ahead log of one index: files {@code wal-<generation>.log} of records {@code [length][crc32c][bytes]}.
 * A write is durable once its record is forced to disk, which costs one fsync of one file, shared by every
 * writer waiting at that moment; the Lucene commit, far dearer, happens now and then at a checkpoint, after
 * which the log files it covers are deleted.
 *
 * <p>Positions are logical (they keep growing across files), so a writer can tell whether the force or
 * checkpoint that happened covers its record. Not thread-safe: the owner serialises appends and rotation.
 */
final class WriteAheadLog implements Closeable {

    private static final String PREFIX = "wal-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private long generation;
    private FileChannel channel;
    private long base;

    private WriteAheadLog(Path dir, long generation) throws IOException {
        this.dir = dir;
        this.generation = generation;
        this.channel = create(generation);
    }

    /**
     * Opens the log in {@code dir}, first handing every intact record of the existing files to
     * {@code replay}, oldest first. A torn record at the end (a crash during an unacknowledged append) ends
     * the replay of its file. The replayed files stay until {@link #deleteBefore} removes them.
     */
    static WriteAheadLog open(Path dir, Consumer<byte[]> replay) throws IOException {
        Files.createDirectories(dir);
        long last = 0;
        for (long gen : generations(dir)) {
            readRecords(dir.resolve(name(gen)), replay);
            last = gen;
        }
        return new WriteAheadLog(dir, last + 1);
    }

    /** Appends a record (not yet forced); returns the logical position just after it. */
    long append(byte[] record) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(record);
        ByteBuffer buffer = ByteBuffer.allocate(8 + record.length);
        buffer.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        return end();
    }

    /** The logical position after the last record appended. */
    long end() throws IOException {
        return base + channel.position();
    }

    /** Whether nothing was appended since the log was opened or last rotated. */
    boolean isEmpty() throws IOException {
        return channel.position() == 0;
    }

    /** Forces every record appended so far to disk. */
    void force() throws IOException {
        channel.force(false);
    }

    /**
     * Forces the current file and starts a new one; returns the generation of the new file. The records
     * before it may be deleted with {@link #deleteBefore} once a Lucene commit holds them.
     */
    long rotate() throws IOException {
        channel.force(false);
        FileChannel next = create(generation + 1);
        base += channel.position();
        channel.close();
        channel = next;
        return ++generation;
    }

    /**
     * Drops the records after the logical {@code position} from the current file and forces the change.
     * Older files are left as they are.
     */
    void cut(long position) throws IOException {
        long keep = Math.max(0, position - base);
        if (keep < channel.size()) {
            channel.truncate(keep);
            channel.force(true);
        }
    }

    /** Deletes the files older than {@code generation}. */
    void deleteBefore(long generation) throws IOException {
        for (long gen : generations(dir)) {
            if (gen < generation) {
                Files.deleteIfExists(dir.resolve(name(gen)));
            }
        }
    }

    long generation() {
        return generation;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes the log, deleting the current file if nothing was appended to it. */
    void abandon() throws IOException {
        boolean empty = isEmpty();
        channel.close();
        if (empty) {
            Files.deleteIfExists(dir.resolve(name(generation)));
        }
    }

    private FileChannel create(long gen) throws IOException {
        FileChannel created = FileChannel.open(dir.resolve(name(gen)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the new file's name must survive a crash too
        }
        return created;
    }

    private static void readRecords(Path file, Consumer<byte[]> replay) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        while (all.remaining() >= 8) {
            int length = all.getInt();
            int crc = all.getInt();
            if (length < 0 || length > all.remaining()) {
                return;
            }
            byte[] record = new byte[length];
            all.get(record);
            CRC32C check = new CRC32C();
            check.update(record);
            if ((int) check.getValue() != crc) {
                return;
            }
            replay.accept(record);
        }
    }

    private static List<Long> generations(Path dir) throws IOException {
        List<Long> gens = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                gens.add(Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
            }
        }
        gens.sort(null);
        return gens;
    }

    private static String name(long gen) {
        return PREFIX + String.format("%016d", gen) + SUFFIX;
    }
}
