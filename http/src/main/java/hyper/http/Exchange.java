package hyper.http;

/**
 * One request the API answered, as {@link Telemetry} sees it once the response is sent.
 *
 * @param method the request method ({@code GET}, {@code HEAD} ...)
 * @param path the raw request path without its query (which may carry a signed URL's signature)
 * @param route the path template of the route that served it ({@code /data/{db}/{id}}), {@link #UNMATCHED}
 *     when no route did (unknown path, refused origin, missing token), or {@link #PREFLIGHT} for a CORS
 *     preflight; never a raw path, so it is a bounded label
 * @param status the status sent
 * @param nanos how long it took, from the handler's start to the response sent
 * @param bytes the bytes written for the response, its status line and headers included
 */
public record Exchange(String method, String path, String route, int status, long nanos, long bytes) {

    /** The route of a request no route served. */
    public static final String UNMATCHED = "unmatched";

    /** The route of a CORS preflight ({@code OPTIONS} on any path). */
    public static final String PREFLIGHT = "preflight";
}
