package hyper.http;

import io.helidon.http.RequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request body as handlers read it: every way the client can break the stream becomes an
 * {@link IOException}, which the routes already answer with 400. Helidon's chunked decoder reports a bad
 * chunk size, a chunk extension or a trailer with unchecked exceptions that would otherwise reach the
 * client as a 500. Past such a failure the rest of the body cannot be found, so the connection is closed after
 * the answer rather than kept for a next request that would never be read.
 */
final class RequestBody extends FilterInputStream {

    static final String MALFORMED_CHUNKS =
            "malformed chunked body (chunk extensions and trailers are not supported)";

    private final Runnable onBroken;

    /** {@code onBroken} runs once the stream has failed, before the failure is thrown. */
    RequestBody(InputStream in, Runnable onBroken) {
        super(in);
        this.onBroken = onBroken;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    private IOException translated(RuntimeException e) {
        if (e instanceof UncheckedIOException io) {
            onBroken.run();
            return io.getCause();
        }
        if (e instanceof NumberFormatException || e instanceof RequestException) {
            onBroken.run();
            return new IOException(MALFORMED_CHUNKS, e);
        }
        throw e;
    }
}
