package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectAccess;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storage routes of the hyper API: buckets, raw and form uploads, streamed downloads with ranges, and
 * removal. Object bytes are streamed both ways; nothing holds a whole object in memory.
 */
final class StorageRoutes implements Router.Routes {

    private static final String FORM_REQUIRED =
            "body must be FormData that contains a file field and optional path field";
    private static final int PATH_FIELD_LIMIT = 64 * 1024;
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private final StoragePort storage;
    private final SignedUrls signedUrls;
    private final boolean trustProxy;

    StorageRoutes(StoragePort storage) {
        this(storage, SignedUrls.ephemeral(Clock.systemUTC()), false);
    }

    /** {@code trustProxy}: take the host of signed URLs from {@code X-Forwarded-*} (see {@link ApiAccess}). */
    StorageRoutes(StoragePort storage, SignedUrls signedUrls, boolean trustProxy) {
        this.storage = storage;
        this.signedUrls = signedUrls;
        this.trustProxy = trustProxy;
    }

    @Override
    public Optional<Service> service() {
        return Optional.of(Service.STORAGE);
    }

    @Override
    public void register(Router r) {
        r.get("/storage", this::info);
        r.put("/storage/{bucket}", call -> {
            storage.createBucket(bucket(call));
            call.ok(201);
        });
        r.delete("/storage/{bucket}", call -> {
            storage.removeBucket(bucket(call));
            call.ok(201);
        });
        r.post("/storage/{bucket}", this::postToBucket);
        r.post("/storage/{bucket}/{path*}", call -> upload(call, objectPath(call)));
        r.get("/storage/{bucket}/{path*}", this::download);
        // S3's upload verb, for signed upload URLs only; without one it stays unknown, as in the original
        r.put("/storage/{bucket}/{path*}", call -> {
            if (!call.signed()) {
                call.send(404, Json.error(404, "not found!"));
                return;
            }
            upload(call, objectPath(call));
        });
        r.delete("/storage/{bucket}/{path*}", call -> {
            String path = objectPath(call);
            storage.remove(bucket(call), path);
            call.ok(201);
        });
    }

    private void info(Call call) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "hyper63 Storage");
        info.put("version", "1.0");
        info.put("status", "unstable");
        call.send(200, info);
    }

    /**
     * {@code POST /storage/b} takes forms only; {@code POST /storage/b/} is the object route with an empty
     * object path, as in the original (where the router saw an empty wildcard).
     */
    private void postToBucket(Call call) throws IOException {
        if (call.path().endsWith("/")) {
            upload(call, "");
        } else if (isForm(call)) {
            formUpload(call, "");
        } else {
            throw HyperException.invalid(FORM_REQUIRED);
        }
    }

    /**
     * The three upload modes of the original, chosen from the headers in its order: a form, a request for a
     * signed upload URL, or the raw body. Through a signed URL the body is always the raw object.
     */
    private void upload(Call call, String path) throws IOException {
        if (!call.signed()) {
            if (isForm(call)) {
                formUpload(call, path);
                return;
            }
            boolean acceptsOnlyJson = call.header(HeaderNames.ACCEPT).map("application/json"::equals).orElse(false);
            if (acceptsOnlyJson || signedUrlAsked(call) || call.header(HeaderNames.CONTENT_TYPE).isEmpty()) {
                issue(call, SignedUrls.Grant.UPLOAD, path, 201);
                return;
            }
        }
        if (path.isEmpty()) {
            throw Args.union("object", "Required");
        }
        try (InputStream body = call.body()) {
            storage.put(bucket(call), path, body);
        }
        call.ok(201);
    }

    /**
     * A form with one file part named {@code file} and an optional {@code path} field. The object is named
     * by the file's name, in the folder given by {@code path} (or the URL's object path): a last segment with
     * a dot in it names a file and is dropped (quirks Q28). The file's bytes are received before the name is
     * known, since the {@code path} field may come after the file. {@code urlPath} is empty on
     * {@code POST /storage/{bucket}}.
     */
    private void formUpload(Call call, String urlPath) throws IOException {
        String contentType = call.header(HeaderNames.CONTENT_TYPE).orElse("");
        try (InputStream body = call.body()) {
            MultipartForm form = MultipartForm.of(contentType, body)
                    .orElseThrow(() -> HyperException.invalid(FORM_REQUIRED));
            Upload upload = null;
            try {
                String fileName = null;
                String pathField = "";
                for (var part = form.next(); part.isPresent(); part = form.next()) {
                    MultipartForm.Part p = part.get();
                    if (p.fileName().isPresent()) {
                        if (!p.name().equals("file") || upload != null) {
                            throw HyperException.invalid(FORM_REQUIRED);
                        }
                        fileName = p.fileName().get();
                        upload = storage.receive(bucket(call), p.body());
                    } else if (p.name().equals("path")) {
                        pathField = p.text(PATH_FIELD_LIMIT);
                    }
                }
                if (upload == null) {
                    throw HyperException.invalid(FORM_REQUIRED);
                }
                upload.commit(formObjectName(pathField.isEmpty() ? urlPath : pathField, fileName));
            } catch (MultipartForm.MalformedException e) {
                throw HyperException.invalid(FORM_REQUIRED + ": " + e.getMessage());
            } catch (IOException e) {
                throw HyperException.refused("cannot read request body: " + e.getMessage());
            } finally {
                if (upload != null) {
                    upload.close();
                }
            }
        }
        call.ok(201);
    }

    /** {@code fileName} in {@code folder} (empty: the bucket's root) by the naming rules above. */
    static String formObjectName(String folder, String fileName) {
        String prefix = folder;
        int slash = prefix.lastIndexOf('/');
        if (prefix.substring(slash + 1).contains(".")) {
            prefix = slash < 0 ? "" : prefix.substring(0, slash);
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix.isEmpty() ? fileName : prefix + "/" + fileName;
    }

    /**
     * Streams the object with its length; a single {@code Range} is answered with 206 and the part asked
     * for. Several ranges, or a malformed header, get the whole object (allowed by RFC 9110).
     */
    private void download(Call call) throws IOException {
        String path = objectPath(call);
        if (!call.signed() && signedUrlAsked(call)) {
            issue(call, SignedUrls.Grant.DOWNLOAD, path, 200);
            return;
        }
        try (StoredObject object = storage.open(bucket(call), path)) {
            long size = object.size();
            long start = 0;
            long length = size;
            var response = call.response();
            Optional<String> range = call.header(HeaderNames.RANGE).map(String::trim);
            if (range.isPresent()) {
                Matcher m = SINGLE_RANGE.matcher(range.get().toLowerCase(Locale.ROOT));
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    long[] span = span(m.group(1), m.group(2), size);
                    if (span == null) {
                        response.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
                        call.send(416, Json.error(416, "range not satisfiable"));
                        return;
                    }
                    start = span[0];
                    length = span[1] - span[0] + 1;
                    response.status(206);
                    response.header(HeaderNames.CONTENT_RANGE, "bytes " + span[0] + "-" + span[1] + "/" + size);
                }
            }
            response.header(HeaderNames.CONTENT_TYPE, MediaTypes.of(path));
            response.header(HeaderNames.ACCEPT_RANGES, "bytes");
            // Objects are meant to be embedded by pages of any origin (quirks Q44).
            response.header("Cross-Origin-Resource-Policy", "cross-origin");
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
            if (call.request().prologue().method().equals(Method.HEAD)) {
                response.send();
                return;
            }
            try (OutputStream out = response.outputStream()) {
                object.copyTo(start, length, out);
            }
        }
    }

    /** First and last byte of a range within {@code size} bytes, or null when none of it exists. */
    private static long[] span(String first, String last, long size) {
        if (first.isEmpty()) {
            long suffix = saturated(last);
            return suffix == 0 || size == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
        }
        long from = saturated(first);
        long to = last.isEmpty() ? size - 1 : Math.min(saturated(last), size - 1);
        return from >= size || to < from ? null : new long[] {from, to};
    }

    /** Digits as a long, or Long.MAX_VALUE beyond one: "0-99999999999999999999" still means "to the end". */
    private static long saturated(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The decoded object path. An encoded slash ({@code %2F}) is refused: the router would make it a folder
     * separator that the client did not write as one.
     */
    private static String objectPath(Call call) {
        String raw = call.path();
        int objectStart = nthSlash(raw, 3);
        if (objectStart >= 0 && raw.substring(objectStart).toLowerCase(Locale.ROOT).contains("%2f")) {
            throw HyperException.of(HyperException.Fact.PATH_RELATIVE);
        }
        return call.param("path");
    }

    private static BucketName bucket(Call call) {
        return BucketName.of(call.param("bucket"));
    }

    private static int nthSlash(String s, int n) {
        int index = -1;
        for (int i = 0; i < n; i++) {
            index = s.indexOf('/', index + 1);
            if (index < 0) {
                return -1;
            }
        }
        return index;
    }

    private static boolean isForm(Call call) {
        return call.header(HeaderNames.CONTENT_TYPE)
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith("multipart/form-data"))
                .orElse(false);
    }

    /** {@code ?useSignedUrl=true}: the client asks for a URL rather than the object (hyper-connect's signedUrl). */
    private static boolean signedUrlAsked(Call call) {
        return call.query("useSignedUrl").map("true"::equals).orElse(false);
    }

    /**
     * Answers {@code {"ok":true,"url":...}}: a URL that allows {@code grant} on the object without other
     * credentials, for the default lifetime or {@code ?expiresIn=<seconds>}, on the host (and in the URL form)
     * the client used. As with S3, whether the bucket and object exist is found out when the URL is used.
     */
    private void issue(Call call, SignedUrls.Grant grant, String path, int status) {
        BucketName bucket = bucket(call);
        if (path.isEmpty()) {
            throw Args.union("object", "Required");
        }
        if (path.contains("..") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0
                || Arrays.stream(path.split("/", -1)).anyMatch(segment -> segment.isEmpty() || segment.equals("."))) {
            throw HyperException.of(HyperException.Fact.PATH_RELATIVE);
        }
        Duration lifetime = lifetime(call, grant);
        // An engine with URLs of its own (S3) hands them out; the client then talks to the engine directly.
        ObjectAccess access = grant == SignedUrls.Grant.UPLOAD ? ObjectAccess.UPLOAD : ObjectAccess.DOWNLOAD;
        String url = storage.presignedUrl(bucket, path, access, lifetime, MediaTypes.of(path)).map(URI::toString)
                .orElseGet(() -> origin(call) + call.appPrefix() + SignedUrls.objectPath(bucket.value(), path) + "?"
                        + signedUrls.query(grant, bucket.value(), path, lifetime));
        call.ok(status, "url", url);
    }

    private static Duration lifetime(Call call, SignedUrls.Grant grant) {
        Optional<String> asked = call.query("expiresIn");
        if (asked.isEmpty()) {
            return grant == SignedUrls.Grant.UPLOAD ? SignedUrls.UPLOAD_LIFETIME : SignedUrls.DOWNLOAD_LIFETIME;
        }
        long max = SignedUrls.MAX_LIFETIME.toSeconds();
        try {
            long seconds = Long.parseLong(asked.get().strip());
            if (seconds >= 1 && seconds <= max) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw Args.invalid("expiresIn", "Expected a whole number of seconds from 1 to " + max + ".");
    }

    /**
     * {@code scheme://host[:port]} as the client reached this server: the {@code Host} it sent, or behind a
     * trusted proxy the {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} the proxy set.
     */
    private String origin(Call call) {
        String scheme = call.request().isSecure() ? "https" : "http";
        Optional<String> host = call.header(HeaderNames.HOST);
        if (trustProxy) {
            Optional<String> proto = firstForwarded(call, X_FORWARDED_PROTO)
                    .map(p -> p.toLowerCase(Locale.ROOT)).filter(p -> p.equals("http") || p.equals("https"));
            if (proto.isPresent()) {
                scheme = proto.get();
            }
            Optional<String> forwardedHost = firstForwarded(call, X_FORWARDED_HOST);
            if (forwardedHost.isPresent()) {
                host = forwardedHost;
            }
        }
        String authority = host.map(String::strip).filter(h -> HOST.matcher(h).matches())
                .orElseGet(() -> localAuthority(call));
        return scheme + "://" + authority;
    }

    private static Optional<String> firstForwarded(Call call, HeaderName name) {
        return call.header(name).map(v -> v.split(",")[0].strip()).filter(v -> !v.isEmpty());
    }

    /** The address the request came in on, for a client that sent no usable {@code Host}. */
    private static String localAuthority(Call call) {
        if (call.request().localPeer().address() instanceof InetSocketAddress local) {
            String host = local.getAddress() == null ? local.getHostString() : local.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + local.getPort();
        }
        return "localhost";
    }

    private static final HeaderName X_FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");
    private static final HeaderName X_FORWARDED_HOST = HeaderNames.create("X-Forwarded-Host");
}
