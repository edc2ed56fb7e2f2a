package hyper.core;

import java.util.Objects;

/**
 * The one error type of hyper-nano. Adapters translate their engine's failures into it at their own
 * boundary; the server maps each {@link Reason} to an HTTP status in one place.
 */
public final class HyperException extends RuntimeException {

    /** Why a request failed, in terms a client can act on. */
    public enum Reason {
        /** The request is malformed (bad JSON, a bad selector, an unsafe path). */
        BAD_REQUEST,
        /** The store, document, key or object does not exist. */
        NOT_FOUND,
        /** The thing to create exists already. */
        CONFLICT,
        /** The request body exceeds the route's limit. */
        PAYLOAD_TOO_LARGE,
        /** The request is well-formed but an argument is invalid (wrong type, invalid name). */
        UNPROCESSABLE,
        /** The operation exists in the API but not in this engine. */
        NOT_IMPLEMENTED,
        /** An engine failed in a way the client cannot fix. */
        INTERNAL
    }

    private final Reason reason;

    public HyperException(Reason reason, String message) {
        this(reason, message, null);
    }

    public HyperException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message), cause, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }

    public static HyperException badRequest(String message) {
        return new HyperException(Reason.BAD_REQUEST, message);
    }

    public static HyperException notFound(String message) {
        return new HyperException(Reason.NOT_FOUND, message);
    }

    public static HyperException conflict(String message) {
        return new HyperException(Reason.CONFLICT, message);
    }

    public static HyperException unprocessable(String message) {
        return new HyperException(Reason.UNPROCESSABLE, message);
    }

    public static HyperException tooLarge(String message) {
        return new HyperException(Reason.PAYLOAD_TOO_LARGE, message);
    }

    public static HyperException notImplemented(String message) {
        return new HyperException(Reason.NOT_IMPLEMENTED, message);
    }

    /** An engine failure; the cause is kept for the server log, never sent to the client. */
    public static HyperException internal(String message, Throwable cause) {
        return new HyperException(Reason.INTERNAL, message, cause);
    }
}
