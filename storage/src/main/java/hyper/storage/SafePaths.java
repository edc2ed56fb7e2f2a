package hyper.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.HyperException.Reason;
import hyper.core.storage.BucketName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The rules that keep every bucket and object name inside the storage folder: names are resolved here and
 * nowhere else, so no caller can reach a file outside its bucket by {@code ..}, an absolute path or a
 * symbolic link.
 */
final class SafePaths {

    /** Hidden names the storage uses for its own files (uploads in progress, buckets being deleted). */
    static final String RESERVED_PREFIX = ".hyper-";
    private static final int MAX_NAME_BYTES = 255;

    private final Path root;

    /** {@code root} must be a real path (no symbolic links), so that comparing parents is enough. */
    SafePaths(Path root) {
        this.root = root;
    }

    /** The folder of a bucket, which may not exist. */
    Path bucketDir(BucketName bucket) {
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

    /** The folder of a bucket that exists; STORE_NOT_FOUND otherwise. */
    Path existingBucket(BucketName bucket) {
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
    static Path objectFile(Path bucketDir, String path) {
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

    /** A path that clashes with what is stored (an object where a folder is, or the reverse): a 409. */
    static HyperException conflict(String why, Exception cause) {
        return new HyperException(Reason.CONFLICT, Fact.REFUSED, why, cause);
    }

    private static void checkSegment(String segment) {
        if (segment.startsWith(RESERVED_PREFIX)) {
            throw new HyperException(Reason.BAD_REQUEST, Fact.NAME_RESERVED, RESERVED_PREFIX, null);
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new HyperException(Reason.BAD_REQUEST, Fact.NAME_TOO_LONG, "", null);
        }
    }
}
