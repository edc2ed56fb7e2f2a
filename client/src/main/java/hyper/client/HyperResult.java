package hyper.client;

/**
 * What the server answered to one call: {@code ok}, the HTTP {@code status}, the server's {@code msg}, and
 * the payload of the operation in the record's other components.
 *
 * <p>Every answer of the server is a result, whatever its status: a 404 or a 409 is a result with
 * {@code ok() == false}, as hyper-connect resolves {@code {ok:false,status,msg}}, and so is a 5xx (where
 * hyper-connect rejects its promise). Reading the payload of a result that is not ok (its {@code doc()},
 * {@code docs()}, {@code id()} ...) throws {@link HyperResultException} with the status and message, so a
 * caller who does not check {@code ok()} still never reads a missing value. {@link #orThrow()} does the same
 * for results without a payload.
 *
 * <p>Exceptions are kept for calls that got no answer ({@link HyperClientException}: no connection, a
 * timeout, an unreadable reply) and for mistakes in the call itself ({@link IllegalArgumentException},
 * {@link NullPointerException}).
 */
public sealed interface HyperResult
        permits Result, IdResult, DocResult, DocsResult, CacheEntries, BulkResult, SearchDocResult,
        SearchResult, EnqueueResult, JobsResult, DownloadResult, SignedUrlResult, InfoResult {

    /** Whether the operation succeeded. */
    boolean ok();

    /** The HTTP status of the answer (200 or 201 when ok). */
    int status();

    /** The server's message: why it is not ok; empty when the server gave none. */
    String msg();

    /**
     * This result if it is ok.
     *
     * @throws HyperResultException if it is not
     */
    HyperResult orThrow();

    /** Throws for a result that is not ok; used by the payload accessors. */
    static void check(HyperResult result) {
        if (!result.ok()) {
            throw new HyperResultException(result.status(), result.msg());
        }
    }
}
