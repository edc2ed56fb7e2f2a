package hyper.core.storage;

import java.io.InputStream;

/**
 * Buckets of binary objects addressed by a path ({@code a/b/c.png}; each {@code /} is a sub-folder).
 * Writes are atomic: a reader sees the old object or the new one, never a part, and a crash during a write
 * leaves no object behind under its name. Names that could leave the bucket are refused with
 * {@link hyper.core.HyperException.Reason#BAD_REQUEST}; every failure is a {@link hyper.core.HyperException}.
 */
public interface StoragePort extends AutoCloseable {

    /** Creates an empty bucket; CONFLICT if it exists. */
    void createBucket(String bucket);

    /** Deletes a bucket and everything in it; NOT_FOUND if it does not exist. */
    void removeBucket(String bucket);

    /**
     * Stores {@code content} under {@code path}, replacing any object there. The names are checked before
     * any byte is read.
     */
    ObjectInfo put(String bucket, String path, InputStream content);

    /**
     * Reads {@code content} into the bucket without giving it a name yet, for uploads that learn the name
     * only after the bytes (a form whose {@code path} field follows its file). NOT_FOUND if the bucket does
     * not exist.
     */
    Upload receive(String bucket, InputStream content);

    /** Opens the object for reading; NOT_FOUND if there is no object (a folder is not one). */
    StoredObject open(String bucket, String path);

    /** Deletes the object, or an empty folder; NOT_FOUND if absent. */
    void remove(String bucket, String path);

    @Override
    void close();
}
