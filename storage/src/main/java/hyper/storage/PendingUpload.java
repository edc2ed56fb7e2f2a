package hyper.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.storage.ObjectInfo;
import hyper.core.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * An upload received into a hidden file in its bucket's folder and flushed to disk, waiting to be renamed
 * over its object's name in one atomic step ({@link #commit}) or deleted ({@link #close}). Receiving first
 * and naming last means readers never see a partial object, and a crash leaves only a hidden file.
 */
final class PendingUpload implements Upload {

    private static final String UPLOAD_PREFIX = SafePaths.RESERVED_PREFIX + "upload-";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path bucketDir;
    private final Path temp;
    private final long size;
    private boolean done;

    private PendingUpload(Path bucketDir, Path temp, long size) {
        this.bucketDir = bucketDir;
        this.temp = temp;
        this.size = size;
    }

    /** Writes {@code content} to a new hidden file in {@code bucketDir} and flushes it to disk. */
    static PendingUpload receive(Path bucketDir, InputStream content) {
        Path temp = bucketDir.resolve(UPLOAD_PREFIX + UUID.randomUUID());
        long size = 0;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[COPY_BUFFER];
            while (true) {
                int n = read(content, buffer);
                if (n < 0) {
                    break;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                size += n;
            }
            out.force(false); // the bytes reach the disk before the name points at them
        } catch (NoSuchFileException e) {
            deleteQuietly(temp);
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw HyperException.failed("cannot write object: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new PendingUpload(bucketDir, temp, size);
    }

    /** Deletes the hidden files that uploads interrupted by a crash left in {@code bucketDir}. */
    static void deleteLeftovers(Path bucketDir) throws IOException {
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(bucketDir, UPLOAD_PREFIX + "*")) {
            for (Path upload : uploads) {
                deleteQuietly(upload);
            }
        }
    }

    /** Reads from the client's stream; a failure there is the client's (it went away or sent garbage). */
    private static int read(InputStream content, byte[] buffer) {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw HyperException.refused("cannot read request body: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw HyperException.refused("cannot read request body: " + e.getCause().getMessage());
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ObjectInfo commit(String path) {
        if (done) {
            throw new IllegalStateException("upload already committed or discarded");
        }
        Path file = SafePaths.objectFile(bucketDir, path);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    createParents(file.getParent(), path);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    done = true;
                    return new ObjectInfo(path, size, Instant.now());
                } catch (NoSuchFileException e) {
                    if (!Files.exists(temp) || attempt == 3) {
                        // the bucket's folder, which holds the received bytes, was removed meanwhile
                        throw HyperException.of(Fact.STORE_NOT_FOUND);
                    }
                    // an emptied folder on the path was removed meanwhile: create it again
                }
            }
        } catch (IOException e) {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw SafePaths.conflict("cannot store '" + path + "': it is a folder", e);
            }
            throw HyperException.failed("cannot store object: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the object's missing folders one by one below the bucket's folder, never the bucket's
     * folder itself: an upload finishing after its bucket was removed must not bring the bucket back.
     */
    private void createParents(Path parent, String path) throws IOException {
        if (parent.equals(bucketDir)) {
            return;
        }
        Path dir = bucketDir;
        for (Path segment : bucketDir.relativize(parent)) {
            dir = dir.resolve(segment);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw SafePaths.conflict("cannot store '" + path + "': a folder on its path is an object", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover hidden upload is deleted at the next start
        }
    }
}
