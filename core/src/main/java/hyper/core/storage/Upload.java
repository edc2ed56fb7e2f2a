package hyper.core.storage;

/**
 * Bytes received into a bucket but not yet visible under any name. {@link #commit} makes them the object
 * at a path in one atomic step; closing an upload that was not committed discards the bytes.
 */
public interface Upload extends AutoCloseable {

    /** How many bytes were received. */
    long size();

    /** Makes the bytes the object at {@code path}, replacing any object there. At most once. */
    ObjectInfo commit(String path);

    /** Discards the bytes unless they were committed. */
    @Override
    void close();
}
