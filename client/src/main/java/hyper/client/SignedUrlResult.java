package hyper.client;

/**
 * The result of {@code storage().signedUrl}: a URL that downloads the object (GET) or uploads it (PUT or
 * POST of the raw bytes) without credentials until it expires.
 *
 * @param ok whether it succeeded
 * @param status the HTTP status
 * @param msg the server's message, empty when none
 * @param url the signed URL (read it only when ok)
 */
public record SignedUrlResult(boolean ok, int status, String msg, String url) implements HyperResult {

    /** The signed URL; throws {@link HyperResultException} if the result is not ok. */
    @Override
    public String url() {
        HyperResult.check(this);
        return url;
    }

    @Override
    public SignedUrlResult orThrow() {
        HyperResult.check(this);
        return this;
    }
}
