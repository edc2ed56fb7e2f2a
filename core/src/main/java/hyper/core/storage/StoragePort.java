package hyper.core.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Buckets of binary objects addressed by a path ({@code a/b/c.png}). Writes are atomic: a reader sees the
 * old object or the new one, never a part. Failures are {@link hyper.core.HyperException}s.
 */
public interface StoragePort extends AutoCloseable {

    /** Creates an empty bucket; CONFLICT if it exists. */
    void createBucket(String bucket);

    /** Deletes a bucket; NOT_FOUND if it does not exist. */
    void removeBucket(String bucket);

    /** The names of all buckets. */
    List<String> buckets();

    /** Stores {@code content} under {@code path}, replacing any object there. */
    ObjectInfo put(String bucket, String path, InputStream content);

    /** What is stored under {@code path}, if anything. */
    Optional<ObjectInfo> stat(String bucket, String path);

    /** Opens {@code length} bytes of the object from {@code offset}. */
    InputStream open(String bucket, String path, long offset, long length);

    /** Deletes the object; NOT_FOUND if absent. */
    void remove(String bucket, String path);

    /** Objects whose path starts with {@code prefix}. */
    List<ObjectInfo> list(String bucket, String prefix);

    @Override
    void close();
}
