package hyper.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An object being downloaded: {@code storage().download}. The bytes are streamed from the connection as
 * {@link #object()} is read; close the result (try-with-resources) to release the connection.
 *
 * @param ok whether the object exists and is coming
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param object the object's bytes (read them only when ok)
 * @param contentType the object's media type, from its name
 * @param contentLength its size in bytes, or -1 when the server did not say
 */
public record DownloadResult(boolean ok, int status, String msg, InputStream object, String contentType,
        long contentLength) implements HyperResult, AutoCloseable {

    public DownloadResult {
        Objects.requireNonNull(object);
        Objects.requireNonNull(contentType);
    }

    /** The object's bytes, streamed; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public InputStream object() {
        HyperResult.check(this);
        return object;
    }

    /** Reads the whole object into memory; for small objects. */
    public byte[] bytes() {
        try (InputStream in = object()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public DownloadResult orThrow() {
        HyperResult.check(this);
        return this;
    }

    /** Releases the connection, whether or not the object was read to its end. */
    @Override
    public void close() {
        try {
            object.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
