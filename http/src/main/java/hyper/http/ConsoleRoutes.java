package hyper.http;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.Service;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The developer console, {@code GET /_console/}: a page of plain HTML, CSS and ES modules kept beside this
 * class (under {@code console/}) that drives the hyper API and the admin API from the browser. Its files
 * need no token (the page asks for one); what it shows comes from routes that do. See {@code docs/console.md}.
 */
final class ConsoleRoutes implements Router.Routes {

    /** The console's path; its files are below it. */
    static final String ROOT = "/_console";

    /** A file name the console may have: plain segments and one known extension, nothing that climbs. */
    private static final Pattern FILE = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.(html|js|css|svg|png)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /**
     * Only the console's own files and the server it came from; images and text previews are fetched
     * (with the token) and shown from blob: URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; "
            + "frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private record File(byte[] bytes, String type, String etag) {}

    /** Files read so far; they never change while the server runs. */
    private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

    @Override
    public Optional<Service> service() {
        return Optional.empty();
    }

    @Override
    public void register(Router router) {
        router.get(ROOT, call -> {
            if (!call.path().endsWith("/")) {
                // the page's relative links need the trailing slash
                call.response().status(Status.MOVED_PERMANENTLY_301);
                call.response().header(HeaderNames.LOCATION, call.appPrefix() + call.path() + "/");
                call.response().header(HeaderNames.CONTENT_LENGTH, "0");
                call.response().send();
                return;
            }
            serve(call, "index.html");
        });
        router.get(ROOT + "/{file*}", call -> serve(call, call.param("file")));
    }

    private void serve(Call call, String name) {
        if (name.contains("..") || name.contains("\\") || name.startsWith("/")) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        File file = (FILE.matcher(name).matches() ? files.computeIfAbsent(name, ConsoleRoutes::read)
                : Optional.<File>empty()).orElseThrow(() -> HyperException.of(Fact.ITEM_NOT_FOUND, name));
        var response = call.response();
        // Revalidated on every load (cheap: a 304), so a new server version is never hidden behind a stale copy.
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.header(HeaderNames.ETAG, file.etag());
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        boolean unchanged = call.request().headers().first(HeaderNames.IF_NONE_MATCH)
                .filter(tags -> tags.contains(file.etag())).isPresent();
        if (unchanged) {
            response.status(Status.NOT_MODIFIED_304);
            response.send();
            return;
        }
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, file.type());
        response.send(file.bytes());
    }

    private static Optional<File> read(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new File(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
