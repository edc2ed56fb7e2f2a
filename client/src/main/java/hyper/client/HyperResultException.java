package hyper.client;

/**
 * A result that is not ok was used as if it were: its payload was read, or {@link HyperResult#orThrow()}
 * was called. Carries the status and message of the server's answer.
 */
public final class HyperResultException extends RuntimeException {

    private final int status;
    private final String msg;

    public HyperResultException(int status, String msg) {
        super(status + (msg.isEmpty() ? "" : " " + msg));
        this.status = status;
        this.msg = msg;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The server's message, empty when it gave none. */
    public String msg() {
        return msg;
    }
}
