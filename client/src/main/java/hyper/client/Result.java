package hyper.client;

/**
 * The result of an operation without a payload: create, destroy, add, set, remove, upload, index ...
 *
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 */
public record Result(boolean ok, int status, String msg) implements HyperResult {

    @Override
    public Result orThrow() {
        HyperResult.check(this);
        return this;
    }
}
