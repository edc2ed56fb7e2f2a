package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;

/**
 * The words of every error a client reads, from the fact an adapter or a core rule stated and the service
 * whose route it came from. The original worded the same fact differently per service; these are its words.
 */
final class Messages {

    static final String INTERNAL = "internal server error";
    static final String DISK_FULL = "insufficient storage: the server's disk is full, nothing was stored";

    private Messages() {}

    /** Why a connection beyond the server's cap of {@code cap} served connections is refused. */
    static String tooManyConnections(int cap) {
        return "too many connections: the server serves " + cap + " at a time; try again in a moment";
    }

    /** The {@code msg} of the error envelope; {@code service} is empty outside the service routes. */
    static String of(HyperException e, Service service) {
        String detail = e.detail();
        return switch (e.fact()) {
            case REFUSED, INVALID -> detail;
            case FAILED -> INTERNAL;
            case DISK_FULL -> DISK_FULL;
            case TOO_LARGE -> "request entity too large";
            case NOT_IMPLEMENTED -> "Not Implemented";
            case ENGINE_UNAVAILABLE -> "service unavailable: the " + service.id()
                    + " engine cannot be reached; try again later";
            case TIMED_OUT -> (service == Service.DATA ? "query" : "request") + " took longer than its time limit ("
                    + detail + ") and was stopped";
            case STORE_NOT_FOUND -> switch (service) {
                case CACHE -> "cache not found";
                case DATA -> "database does not exist";
                case STORAGE -> "bucket does not exist";
                case SEARCH -> "index not found";
                case QUEUE -> "queue not found";
                case null -> "store not found";
            };
            case STORE_EXISTS -> store(service) + " already exists";
            case ITEM_NOT_FOUND -> switch (service) {
                case CACHE -> "document not found";
                case DATA -> "document with _id " + detail + " does not exist";
                case STORAGE -> "object does not exist";
                case QUEUE -> "job not found";
                case null, default -> "not found";
            };
            case ITEM_EXPIRED -> "ttl expired!";
            case ITEM_EXISTS -> service == Service.DATA
                    ? "document with _id " + detail + " already exists"
                    : "document conflict" + (detail.isEmpty() ? "" : ": " + detail);
            case ITEM_REPEATED -> "document conflict: " + detail + " appears twice";
            case NAME_REQUIRED -> store(service) + " name is required";
            case NAME_INVALID -> switch (service) {
                case CACHE -> "name is not valid";
                case QUEUE -> "queue name is not valid!";
                case null, default -> store(service) + " name is not valid";
            };
            case NAME_TOO_LONG -> service == Service.STORAGE
                    ? "a name or folder name is longer than 255 bytes"
                    : store(service) + " name is too long (at most 255 characters)";
            case NAME_RESERVED -> service == Service.STORAGE
                    ? "names starting with " + detail + " are reserved"
                    : detail + " is a reserved db name";
            case NAME_HAS_SLASH -> "bucket name cannot contain slashes";
            case PATH_RELATIVE -> "cannot contain relative path parts";
            case KEY_INVALID -> "key is not valid";
            case TTL_INVALID -> "ttl is not valid";
        };
    }

    /** What a store of the service is called in messages. */
    private static String store(Service service) {
        return switch (service) {
            case CACHE -> "cache";
            case DATA -> "database";
            case STORAGE -> "bucket";
            case SEARCH -> "index";
            case QUEUE -> "queue";
            case null -> "store";
        };
    }
}
