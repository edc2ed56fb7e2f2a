package hyper.core.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object opened for reading. It reads the version that was current when it was opened, even if the
 * object is replaced or removed meanwhile.
 */
public interface StoredObject extends AutoCloseable {

    /** The object's size in bytes. */
    long size();

    /**
     * Writes {@code length} bytes from {@code offset} to {@code out}, without holding them in memory.
     *
     * @throws IOException if {@code out} fails (typically: the client went away)
     */
    void copyTo(long offset, long length, OutputStream out) throws IOException;

    @Override
    void close();
}
