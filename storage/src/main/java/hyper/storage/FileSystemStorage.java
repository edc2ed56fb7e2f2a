package hyper.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.HyperException.Reason;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectInfo;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.UUID;

/**
 * The storage port on the local file system. Each bucket is a folder directly under {@code root}, each
 * object a file inside it, with {@code /} in an object's path making sub-folders.
 *
 * <p>Uploads are written to a hidden file in the bucket's own folder ({@code .hyper-upload-<random>}),
 * flushed to disk, then renamed over the object's name in one atomic step: readers see the old bytes or the
 * new ones, concurrent uploads of one name end with one complete upload, and a crash leaves only a hidden
 * file, which the next start deletes. A removed bucket is first renamed to a hidden name, so it vanishes at
 * once even if deleting its files takes a while.
 *
 * <p>Names never leave their bucket: {@code ..} anywhere, {@code .} or empty segments, leading slashes,
 * backslashes and NUL are refused, and so is any path that runs through a symbolic link; names starting
 * with {@code .hyper-} are reserved for the files above.
 */
public final class FileSystemStorage implements StoragePort {

    private static final String RESERVED_PREFIX = ".hyper-";
    private static final String UPLOAD_PREFIX = RESERVED_PREFIX + "upload-";
    private static final String DELETING_PREFIX = RESERVED_PREFIX + "deleting-";
    private static final int COPY_BUFFER = 64 * 1024;
    private static final int MAX_NAME_BYTES = 255;


    private final Path root;

    /**
     * Opens (creating if needed) the folder holding the buckets, and deletes what crashed uploads and bucket
     * removals left behind.
     */
    public FileSystemStorage(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            cleanLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the storage folder " + root, e);
        }
    }

    @Override
    public void createBucket(BucketName bucket) {
        Path dir = bucketDir(bucket);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw HyperException.of(Fact.STORE_EXISTS);
        } catch (IOException e) {
            throw HyperException.failed("cannot create bucket: " + e.getMessage(), e);
        }
    }

    @Override
    public void removeBucket(BucketName bucket) {
        Path dir = existingBucket(bucket);
        Path doomed = root.resolve(DELETING_PREFIX + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (IOException e) {
            throw HyperException.failed("cannot remove bucket: " + e.getMessage(), e);
        }
        deleteTree(doomed);
    }

    @Override
    public ObjectInfo put(BucketName bucket, String path, InputStream content) {
        Path dir = existingBucket(bucket);
        objectFile(dir, path);
        try (Upload upload = receiveInto(dir, content)) {
            return upload.commit(path);
        }
    }

    @Override
    public Upload receive(BucketName bucket, InputStream content) {
        return receiveInto(existingBucket(bucket), content);
    }

    @Override
    public StoredObject open(BucketName bucket, String path) {
        Path file = objectFile(existingBucket(bucket), path);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                return new OpenObject(channel, channel.size());
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        } catch (IOException e) {
            throw HyperException.failed("cannot read object: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(BucketName bucket, String path) {
        Path file = objectFile(existingBucket(bucket), path);
        try {
            Files.delete(file);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        } catch (DirectoryNotEmptyException e) {
            throw HyperException.failed("cannot remove '" + path + "': it is a folder that is not empty", e);
        } catch (IOException e) {
            throw HyperException.failed("cannot remove object: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    // ---- names

    /** The folder of a bucket, which may not exist. */
    private Path bucketDir(BucketName bucket) {
        checkSegment(bucket.value());
        Path dir = root.resolve(bucket.value());
        if (!root.equals(dir.getParent())) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        if (Files.isSymbolicLink(dir)) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        return dir;
    }

    private Path existingBucket(BucketName bucket) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return dir;
    }

    /**
     * The file of a valid object path inside {@code bucketDir}. Every part of the path that already exists
     * is checked not to be a symbolic link, so the file is inside the bucket's real folder.
     */
    private static Path objectFile(Path bucketDir, String path) {
        if (path == null || path.isEmpty()) {
            throw HyperException.refused("object name is required");
        }
        if (path.contains("..") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        Path file = bucketDir;
        boolean exists = true;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                throw HyperException.of(Fact.PATH_RELATIVE);
            }
            checkSegment(segment);
            file = file.resolve(segment);
            if (exists) {
                if (Files.isSymbolicLink(file)) {
                    throw HyperException.of(Fact.PATH_RELATIVE);
                }
                exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            }
        }
        if (!file.normalize().startsWith(bucketDir) || file.equals(bucketDir)) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        return file;
    }

    private static void checkSegment(String segment) {
        if (segment.startsWith(RESERVED_PREFIX)) {
            throw new HyperException(Reason.BAD_REQUEST, Fact.NAME_RESERVED, RESERVED_PREFIX, null);
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new HyperException(Reason.BAD_REQUEST, Fact.NAME_TOO_LONG, "", null);
        }
    }

    // ---- uploads

    private Upload receiveInto(Path bucketDir, InputStream content) {
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

    private final class PendingUpload implements Upload {
        private final Path bucketDir;
        private final Path temp;
        private final long size;
        private boolean done;

        PendingUpload(Path bucketDir, Path temp, long size) {
            this.bucketDir = bucketDir;
            this.temp = temp;
            this.size = size;
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
            Path file = objectFile(bucketDir, path);
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
                    throw HyperException.failed("cannot store '" + path + "': it is a folder", e);
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
                        throw HyperException.failed(
                                "cannot store '" + path + "': a folder on its path is an object", e);
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
    }

    private static final class OpenObject implements StoredObject {
        private final FileChannel channel;
        private final long size;

        OpenObject(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void copyTo(long offset, long length, OutputStream out) throws IOException {
            byte[] buffer = new byte[COPY_BUFFER];
            ByteBuffer view = ByteBuffer.wrap(buffer);
            long position = offset;
            long end = Math.min(size, offset + length);
            while (position < end) {
                view.clear().limit((int) Math.min(buffer.length, end - position));
                int n = channel.read(view, position);
                if (n < 0) {
                    throw new IOException("object shrank while it was read");
                }
                out.write(buffer, 0, n);
                position += n;
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- housekeeping

    private void cleanLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(DELETING_PREFIX)) {
                    deleteTree(entry);
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> uploads = Files.newDirectoryStream(entry, UPLOAD_PREFIX + "*")) {
                        for (Path upload : uploads) {
                            deleteQuietly(upload);
                        }
                    }
                }
            }
        }
    }

    /** Deletes a folder and everything in it without following symbolic links out of it. */
    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw HyperException.failed("cannot delete " + dir.getFileName() + ": " + e.getMessage(), e);
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
