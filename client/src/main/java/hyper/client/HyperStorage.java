package hyper.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The storage service of one domain: a bucket of objects, streamed both ways ({@code hyper.storage} in
 * hyper-connect). Object names may contain slashes ({@code docs/2024/notes.txt}); {@code ..} is refused.
 */
public final class HyperStorage {

    /** Whether a signed URL is for downloading or for uploading. */
    public enum UrlType {
        DOWNLOAD,
        UPLOAD
    }

    private final Transport t;
    private final URI url;

    HyperStorage(Transport t) {
        this.t = t;
        this.url = t.connection.serviceUrl("storage");
    }

    private URI object(String name) {
        return URI.create(url + "/" + Transport.path(Objects.requireNonNull(name, "name")));
    }

    /**
     * Uploads an object from a stream, read to its end and sent as it is read (chunked), never held in
     * memory. The caller closes the stream. The content type comes from the name, as in hyper-connect.
     * {@code POST /storage/{bucket}/{name}}
     */
    public Result upload(String name, InputStream data) {
        Objects.requireNonNull(data, "data");
        boolean[] used = {false};
        return upload(name, BodyPublishers.ofInputStream(() -> {
            // the publisher may ask again when a request is retried; the stream can be read once only
            if (used[0]) {
                throw new IllegalStateException("an upload stream can be sent once only");
            }
            used[0] = true;
            return data;
        }));
    }

    /** Uploads an object from memory. */
    public Result upload(String name, byte[] data) {
        return upload(name, BodyPublishers.ofByteArray(Objects.requireNonNull(data, "data")));
    }

    /** Uploads a file, streamed. */
    public Result upload(String name, Path file) {
        try {
            return upload(name, BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result upload(String name, BodyPublisher body) {
        HttpRequest request = t.request(object(name)).header("Content-Type", mediaType(name))
                .POST(body).build();
        return Replies.result(t.send(request));
    }

    /**
     * Downloads an object, streamed: read {@link DownloadResult#object()} and close the result.
     * {@code GET /storage/{bucket}/{name}}
     *
     * <pre>{@code
     * try (DownloadResult d = hyper.storage().download("photos/cat.png")) {
     *     if (d.ok()) d.object().transferTo(out);
     * }
     * }</pre>
     */
    public DownloadResult download(String name) {
        HttpRequest request = t.request(object(name)).GET().build();
        HttpResponse<InputStream> response = t.stream(request);
        if (response.statusCode() >= 400) {
            Transport.Reply r = t.reply(response);
            return new DownloadResult(false, r.status(), r.msg(), InputStream.nullInputStream(), "", -1);
        }
        return new DownloadResult(true, response.statusCode(), "", response.body(),
                response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /**
     * Asks for a signed URL ({@code ?useSignedUrl=true}): GET for a download URL, POST for an upload URL, as
     * hyper-connect does.
     */
    public SignedUrlResult signedUrl(String name, UrlType type) {
        URI uri = URI.create(object(name) + Transport.query(Map.of("useSignedUrl", "true")));
        Transport.Reply r = t.json(type == UrlType.DOWNLOAD ? "GET" : "POST", uri, null);
        return new SignedUrlResult(r.ok(), r.status(), r.msg(), r.body().path("url").asText(""));
    }

    /** Deletes an object. {@code DELETE /storage/{bucket}/{name}} */
    public Result remove(String name) {
        return Replies.result(t.json("DELETE", object(name), null));
    }

    /** Creates the bucket. {@code PUT /storage/{bucket}} */
    public Result create() {
        return Replies.result(t.json("PUT", url, null));
    }

    /**
     * Deletes the bucket. {@code DELETE /storage/{bucket}}
     *
     * @param confirm must be true, as in hyper-connect
     * @throws IllegalArgumentException if not confirmed (no request is sent)
     */
    public Result destroy(boolean confirm) {
        Hyper.confirm(confirm);
        return Replies.result(t.json("DELETE", url, null));
    }

    /** The media type of a name's extension, {@code application/octet-stream} if unknown. */
    static String mediaType(String name) {
        String type = URLConnection.getFileNameMap().getContentTypeFor(name);
        if (type == null) {
            try {
                type = Files.probeContentType(Path.of(name.substring(name.lastIndexOf('/') + 1)));
            } catch (IOException | RuntimeException e) {
                type = null;
            }
        }
        return type == null ? "application/octet-stream" : type;
    }
}
