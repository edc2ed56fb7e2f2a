package hyper.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectInfo;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The storage port on the local file system. Each bucket is a folder directly under {@code root}, each
 * object a file inside it, with {@code /} in an object's path making sub-folders.
 *
 * <p>Uploads are written to a hidden file in the bucket's own folder ({@code .hyper-upload-<random>}),
 * flushed to disk, then renamed over the object's name in one atomic step: readers see the old bytes or the
 * new ones, concurrent uploads of one name end with one complete upload, and a crash leaves only a hidden
 * file, which the next start deletes ({@link PendingUpload}). A removed bucket is first renamed to a hidden
 * name, so it vanishes at once even if deleting its files takes a while.
 *
 * <p>Names never leave their bucket: {@code ..} anywhere, {@code .} or empty segments, leading slashes,
 * backslashes and NUL are refused, and so is any path that runs through a symbolic link; names starting
 * with {@code .hyper-} are reserved for the files above ({@link SafePaths}).
 */
public final class FileSystemStorage implements StoragePort {

    private static final String DELETING_PREFIX = SafePaths.RESERVED_PREFIX + "deleting-";

    private final Path root;
    private final SafePaths paths;

    /**
     * Opens (creating if needed) the folder holding the buckets, and deletes what crashed uploads and bucket
     * removals left behind.
     */
    public FileSystemStorage(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.paths = new SafePaths(this.root);
            cleanLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the storage folder " + root, e);
        }
    }

    @Override
    public void createBucket(BucketName bucket) {
        Path dir = paths.bucketDir(bucket);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw HyperException.of(Fact.STORE_EXISTS);
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot create bucket: " + e.getMessage(), e);
        }
    }

    @Override
    public void removeBucket(BucketName bucket) {
        Path dir = paths.existingBucket(bucket);
        Path doomed = root.resolve(DELETING_PREFIX + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot remove bucket: " + e.getMessage(), e);
        }
        deleteTree(doomed);
    }

    /** The folders under the root, but the hidden ones of buckets being removed. */
    @Override
    public OptionalLong storeCount() {
        long buckets = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(SafePaths.RESERVED_PREFIX)
                        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    buckets++;
                }
            }
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot count buckets: " + e.getMessage(), e);
        }
        return OptionalLong.of(buckets);
    }

    @Override
    public List<StoreInfo> listStores() {
        List<StoreInfo> buckets = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(SafePaths.RESERVED_PREFIX) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    buckets.add(new StoreInfo(name, OptionalLong.empty()));
                }
            }
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot list buckets: " + e.getMessage(), e);
        }
        buckets.sort(Comparator.comparing(StoreInfo::name));
        return buckets;
    }

    /**
     * Walks the bucket's folders below the prefix on every call: a page costs a walk of them, fine for the
     * admin listing it serves. Hidden upload files and symbolic links are not listed.
     */
    @Override
    public List<BucketEntry> objects(BucketName bucket, String prefix, boolean folders, String from, int limit) {
        Path dir = paths.existingBucket(bucket);
        // Start the walk at the deepest folder the prefix names, so a prefix narrows the walk too.
        int slash = prefix.lastIndexOf('/');
        Path start = dir;
        if (slash > 0) {
            try {
                start = SafePaths.objectFile(dir, prefix.substring(0, slash));
            } catch (HyperException e) {
                return List.of(); // no object can have a path that is not a valid name
            }
        }
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        TreeMap<String, BucketEntry> lines = new TreeMap<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName().toString().startsWith(SafePaths.RESERVED_PREFIX) && !d.equals(dir)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String path = objectPath(dir, file);
                    if (!attrs.isRegularFile() || !path.startsWith(prefix)
                            || file.getFileName().toString().startsWith(SafePaths.RESERVED_PREFIX)) {
                        return FileVisitResult.CONTINUE;
                    }
                    int folderEnd = folders ? path.indexOf('/', prefix.length()) : -1;
                    if (folderEnd >= 0) {
                        String folder = path.substring(0, folderEnd + 1);
                        lines.putIfAbsent(folder, BucketEntry.folder(folder));
                    } else {
                        lines.put(path, BucketEntry.object(new ObjectInfo(path, attrs.size(),
                                attrs.lastModifiedTime().toInstant())));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walking
                }
            });
        } catch (IOException e) {
            throw HyperException.ioFailure("cannot list bucket: " + e.getMessage(), e);
        }
        return lines.tailMap(from, true).values().stream().limit(limit).toList();
    }

    private static String objectPath(Path bucketDir, Path file) {
        StringBuilder path = new StringBuilder();
        for (Path part : bucketDir.relativize(file)) {
            path.append(path.isEmpty() ? "" : "/").append(part);
        }
        return path.toString();
    }

    @Override
    public ObjectInfo put(BucketName bucket, String path, InputStream content) {
        Path dir = paths.existingBucket(bucket);
        SafePaths.objectFile(dir, path); // refuse a bad name before reading the body
        try (Upload upload = PendingUpload.receive(dir, content)) {
            return upload.commit(path);
        }
    }

    @Override
    public Upload receive(BucketName bucket, InputStream content) {
        return PendingUpload.receive(paths.existingBucket(bucket), content);
    }

    @Override
    public StoredObject open(BucketName bucket, String path) {
        return OpenObject.open(SafePaths.objectFile(paths.existingBucket(bucket), path));
    }

    @Override
    public void remove(BucketName bucket, String path) {
        Path file = SafePaths.objectFile(paths.existingBucket(bucket), path);
        try {
            Files.delete(file);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        } catch (DirectoryNotEmptyException e) {
            throw HyperException.conflict("cannot remove '" + path + "': it is a folder that is not empty");
        } catch (IOException e) {
            if (SafePaths.isBelowAnObject(file)) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND); // "file.txt/x": an object has no objects below it
            }
            throw HyperException.ioFailure("cannot remove object: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    private void cleanLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(DELETING_PREFIX)) {
                    deleteTree(entry);
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    PendingUpload.deleteLeftovers(entry);
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
            throw HyperException.ioFailure("cannot delete " + dir.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
