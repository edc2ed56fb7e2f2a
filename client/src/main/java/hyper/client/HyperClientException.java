package hyper.client;

/**
 * A call got no usable answer: the server could not be reached, the call timed out or was interrupted,
 * or the reply could not be read (JSON that does not parse, a document that does not fit the requested
 * class). Answers of the server, errors included, are {@link HyperResult}s instead.
 */
public final class HyperClientException extends RuntimeException {

    public HyperClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
