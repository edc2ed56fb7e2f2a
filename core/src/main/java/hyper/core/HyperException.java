package hyper.core;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The one error type of hyper-nano. Adapters and the value types of core state a plain {@link Fact} (and,
 * where it matters, the item it is about); they never word a message for a client. The HTTP layer turns the
 * {@link Reason} into a status and the fact into the text a client reads, each in one place.
 */
public final class HyperException extends RuntimeException {

    /** Why a request failed, in terms a client can act on; decides the status. */
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
        /**
         * The server stopped the request because it ran out of its time budget: not a mistake in the request,
         * and nothing broke; the same request may succeed later or with a larger budget.
         */
        UNAVAILABLE,
        /** The disk holding the engine's files is full: nothing was stored, and trying later can succeed. */
        INSUFFICIENT_STORAGE,
        /** An engine failed in a way the client cannot fix. */
        INTERNAL
    }

    /**
     * What happened, without wording. The {@linkplain #detail() detail} names the item a fact is about
     * (a document id, a key) or, for {@link #REFUSED}, {@link #INVALID}, {@link #DISK_FULL} and {@link #FAILED},
     * says why.
     */
    public enum Fact {
        /** The store (cache, database, bucket, index, queue) does not exist. */
        STORE_NOT_FOUND(Reason.NOT_FOUND),
        /** The store to create exists already. */
        STORE_EXISTS(Reason.CONFLICT),
        /** The item (entry, document, object, job) does not exist; detail: its id when known. */
        ITEM_NOT_FOUND(Reason.NOT_FOUND),
        /** The cache entry existed but its time to live has passed. */
        ITEM_EXPIRED(Reason.NOT_FOUND),
        /** An item with this id exists already; detail: its id when known. */
        ITEM_EXISTS(Reason.CONFLICT),
        /** The same id appears twice in one batch; detail: the id. */
        ITEM_REPEATED(Reason.CONFLICT),
        /** A store name is missing. */
        NAME_REQUIRED(Reason.UNPROCESSABLE),
        /** A store name breaks its service's rule. */
        NAME_INVALID(Reason.UNPROCESSABLE),
        /** A store name is longer than its service allows. */
        NAME_TOO_LONG(Reason.UNPROCESSABLE),
        /** A name is kept for the engine's own use; detail: the name. */
        NAME_RESERVED(Reason.UNPROCESSABLE),
        /** A bucket name contains a slash or backslash. */
        NAME_HAS_SLASH(Reason.BAD_REQUEST),
        /** A name or object path could leave its bucket ({@code ..}, empty segments, links). */
        PATH_RELATIVE(Reason.BAD_REQUEST),
        /** A cache key breaks the key rule. */
        KEY_INVALID(Reason.UNPROCESSABLE),
        /** A time to live cannot be read. */
        TTL_INVALID(Reason.UNPROCESSABLE),
        /**
         * The request cannot be carried out as asked (a malformed body, a selector the engine rejects);
         * detail: why, fit for a client.
         */
        REFUSED(Reason.BAD_REQUEST),
        /** An argument is invalid; detail: which and why, fit for a client. */
        INVALID(Reason.UNPROCESSABLE),
        /** The request body is over the route's limit. */
        TOO_LARGE(Reason.PAYLOAD_TOO_LARGE),
        /** The engine does not offer this operation. */
        NOT_IMPLEMENTED(Reason.NOT_IMPLEMENTED),
        /**
         * The operation ran longer than the server allows one to run and was stopped, releasing what it held;
         * detail: the time budget, such as {@code 5s}.
         */
        TIMED_OUT(Reason.UNAVAILABLE),
        /**
         * The engine could not write because its disk (or the user's quota) is full; the write was not stored.
         * Detail: what failed, for the server log.
         */
        DISK_FULL(Reason.INSUFFICIENT_STORAGE),
        /**
         * The engine cannot be reached (a production engine down, a lost connection): nothing was done, and
         * trying later can succeed. Detail: what failed, for the server log.
         */
        ENGINE_UNAVAILABLE(Reason.UNAVAILABLE),
        /** The engine failed; detail: what for the server log, never for a client. */
        FAILED(Reason.INTERNAL);

        private final Reason reason;

        Fact(Reason reason) {
            this.reason = reason;
        }

        /** The reason this fact usually stands for. */
        public Reason reason() {
            return reason;
        }
    }

    /** How Linux, macOS and Windows word ENOSPC and EDQUOT. */
    private static final List<String> NO_SPACE = List.of("No space left on device", "Disk quota exceeded",
            "There is not enough space on the disk");

    private final Reason reason;
    private final Fact fact;
    private final String detail;

    public HyperException(Reason reason, Fact fact, String detail, Throwable cause) {
        super(logText(fact, detail), cause, false, false);
        this.reason = Objects.requireNonNull(reason);
        this.fact = fact;
        this.detail = detail;
    }

    /** The exception's message, for logs and start-up errors: the reason given, or the fact and its item. */
    private static String logText(Fact fact, String detail) {
        return switch (fact) {
            case REFUSED, INVALID, DISK_FULL, ENGINE_UNAVAILABLE, FAILED -> detail;
            default -> detail.isEmpty() ? fact.name() : fact.name() + ": " + detail;
        };
    }

    /** {@code fact} with its usual reason. */
    public static HyperException of(Fact fact) {
        return new HyperException(fact.reason(), fact, "", null);
    }

    /** {@code fact} about {@code detail} (see {@link Fact}), with its usual reason. */
    public static HyperException of(Fact fact, String detail) {
        return new HyperException(fact.reason(), fact, Objects.requireNonNull(detail), null);
    }

    /** The request is refused for the reason given (400). */
    public static HyperException refused(String why) {
        return of(Fact.REFUSED, why);
    }

    /** The request clashes with what is stored, for the reason given (409): a name taken by another kind. */
    public static HyperException conflict(String why) {
        return new HyperException(Reason.CONFLICT, Fact.REFUSED, why, null);
    }

    /** An argument is invalid for the reason given (422). */
    public static HyperException invalid(String why) {
        return of(Fact.INVALID, why);
    }

    /** An engine failure; {@code what} and the cause are for the server log, never sent to the client. */
    public static HyperException failed(String what, Throwable cause) {
        return new HyperException(Reason.INTERNAL, Fact.FAILED, what, cause);
    }

    /** The disk is full; {@code what} and the cause are for the server log, never sent to the client. */
    public static HyperException diskFull(String what, Throwable cause) {
        return new HyperException(Reason.INSUFFICIENT_STORAGE, Fact.DISK_FULL, what, cause);
    }

    /**
     * The engine could not be reached; {@code what} and the cause are for the server log, never sent to the
     * client, who gets a 503.
     */
    public static HyperException unavailable(String what, Throwable cause) {
        return new HyperException(Reason.UNAVAILABLE, Fact.ENGINE_UNAVAILABLE, what, cause);
    }

    /**
     * A failure of an engine's files: {@link Fact#DISK_FULL} when the cause says the disk is full (see
     * {@link #isDiskFull}), otherwise {@link Fact#FAILED}.
     */
    public static HyperException ioFailure(String what, Throwable cause) {
        return isDiskFull(cause) ? diskFull(what, cause) : failed(what, cause);
    }

    /**
     * Whether {@code e} or one of its causes is the operating system saying that the disk or the user's
     * quota is full (ENOSPC, EDQUOT), as the JDK reports it: an {@link IOException} with the system's words.
     */
    public static boolean isDiskFull(Throwable e) {
        for (int depth = 0; e != null && depth < 32; depth++, e = e.getCause()) {
            if (e instanceof IOException && e.getMessage() != null) {
                String text = e.getMessage();
                for (String words : NO_SPACE) {
                    if (text.contains(words)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public Reason reason() {
        return reason;
    }

    public Fact fact() {
        return fact;
    }

    /** The id the fact is about, or the reason given with it; empty when there is none. */
    public String detail() {
        return detail;
    }
}
