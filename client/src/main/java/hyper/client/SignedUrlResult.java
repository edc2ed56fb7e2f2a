package hyper.client;

/**
 * The result of {@code storage().signedUrl}. hyper-nano does not sign URLs: it answers 501, as the
 * original does, so this result is not ok there; another hyper server may answer with a URL.
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
