package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.Service;
import hyper.testing.ChildProcess;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.Ports;
import hyper.testing.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage routes of a real server started with {@code --storage-url s3://...}, on a real S3Proxy: the
 * routes over HTTP (buckets, raw and form uploads, downloads with type, length and ranges, removal),
 * signed-URL requests answered with S3 presigned URLs that work against the engine, the 503 envelope while
 * the engine is away and the recovery when it is back, and the start-up refusal for an engine that cannot
 * be reached.
 */
class S3StorageRoutesTest {

    private static final String UNAVAILABLE =
            "service unavailable: the storage engine cannot be reached; try again later";

    static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private TestServer server(String query, String prefix) {
        return TestServer.start(TestServer.options(dir).withEngineUrl(Service.STORAGE, URI.create(s3.url(query)))
                .toBuilder().prefix(prefix).build());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void everyStorageRouteWorksOnS3() {
        try (TestServer server = server("", "routes")) {
            routes(server);
            assertEquals("bucket name is not valid", server.put("/storage/My%20Photos").assertError(400).msg(),
                    "a name S3 cannot hold is the API's 400, not S3's error");
        }
    }

    @Test
    void everyStorageRouteWorksOnKeyPrefixesOfOneBucket() {
        // the shared bucket exists beforehand, as an operator would have made it
        try (TestServer first = server("", "setup")) {
            first.put("/storage/shared").assertOk(201); // S3 bucket "setup-shared"
        }
        try (TestServer server = server("bucket=setup-shared", "app")) {
            routes(server);
            server.put("/storage/My%20Photos").assertOk(201); // a key prefix holds any bucket name
        }
    }

    private static void routes(TestServer server) {
        assertEquals("hyper63 Storage", server.get("/storage").json().path("name").asText());
        server.put("/storage/media").assertOk(201);
        assertEquals("bucket already exists", server.put("/storage/media").assertError(409).msg());

        byte[] picture = random(9 * 1024 * 1024 + 5); // more than one multipart part
        server.post("/storage/media/photos/cat.png", picture, "image/png").assertOk(201);
        var back = server.get("/storage/media/photos/cat.png");
        assertEquals(200, back.status());
        assertArrayEquals(picture, back.bytes());
        assertEquals("image/png", back.header("Content-Type"));
        assertEquals(Long.toString(picture.length), back.header("Content-Length"));

        var part = server.get("/storage/media/photos/cat.png", Map.of("Range", "bytes=100000-100009"));
        assertEquals(206, part.status());
        assertArrayEquals(Arrays.copyOfRange(picture, 100000, 100010), part.bytes());
        assertEquals("bytes 100000-100009/" + picture.length, part.header("Content-Range"));
        var tail = server.get("/storage/media/photos/cat.png", Map.of("Range", "bytes=-3"));
        assertArrayEquals(Arrays.copyOfRange(picture, picture.length - 3, picture.length), tail.bytes());
        server.get("/storage/media/photos/cat.png", Map.of("Range", "bytes=" + picture.length + "-")).assertError(416);

        server.post("/storage/media/empty.txt", new byte[0], "text/plain").assertOk(201);
        assertEquals(0, server.get("/storage/media/empty.txt").bytes().length);
        assertEquals("text/plain; charset=UTF-8", server.get("/storage/media/empty.txt").header("Content-Type"));

        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\npets/\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dog.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nwoof\r\n--" + boundary + "--\r\n";
        server.post("/storage/media", form.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary="
                + boundary).assertOk(201);
        assertEquals("woof", server.get("/storage/media/pets/dog.txt").text());

        // the admin API's listing, from S3's listing: folders with delimiter=/, types from the names
        var top = server.get("/_admin/storage/media?delimiter=/").assertOk(200).json().path("objects");
        assertEquals(List.of("empty.txt", "pets/", "photos/"), paths(top));
        assertEquals("text/plain; charset=UTF-8", top.get(0).path("type").asText());
        assertEquals(List.of("photos/cat.png"), paths(server.get("/_admin/storage/media?prefix=photos/")
                .assertOk(200).json().path("objects")));
        assertTrue(server.get("/_admin/stores").json().path("stores").path("storage").toString()
                .contains("\"media\""));

        assertEquals("object does not exist", server.get("/storage/media/photos").assertError(404).msg());
        assertEquals("bucket does not exist", server.get("/storage/nope/a.txt").assertError(404).msg());
        assertEquals("cannot contain relative path parts", server.get("/storage/media/a/../b").assertError(400).msg());
        server.delete("/storage/media/photos").assertError(409); // a folder that is not empty
        server.post("/storage/media/photos/cat.png/x.txt", new byte[1], "text/plain").assertError(409);
        server.post("/storage/media/photos", new byte[1], "text/plain").assertError(409);
        server.delete("/storage/media/photos/cat.png").assertOk(201);
        assertEquals("object does not exist", server.get("/storage/media/photos/cat.png").assertError(404).msg());
        server.delete("/storage/media/photos").assertOk(201); // the emptied folder, as on the file system
        assertEquals("object does not exist", server.delete("/storage/media/photos").assertError(404).msg());

        String upload = server.post("/storage/media/signed/up.txt?useSignedUrl=true&expiresIn=60", new byte[1],
                "text/plain").assertOk(201).json().path("url").asText();
        assertTrue(upload.startsWith(s3.endpoint() + "/"), "an S3 presigned URL: " + upload);
        assertTrue(upload.contains("X-Amz-Expires=60"), upload);
        Http.exchange(HttpRequest.newBuilder(URI.create(upload)).PUT(HttpRequest.BodyPublishers.ofString("direct")))
                .assertStatus(200);
        assertEquals("direct", server.get("/storage/media/signed/up.txt").text());
        String download = server.get("/storage/media/signed/up.txt?useSignedUrl=true").assertOk(200).json()
                .path("url").asText();
        assertTrue(download.startsWith(s3.endpoint() + "/"), download);
        var direct = Http.exchange(HttpRequest.newBuilder(URI.create(download)));
        assertEquals("direct", direct.text());
        // the type the server would send (S3Proxy's Jetty writes it as text/plain;charset=utf-8)
        assertEquals("text/plain;charset=utf-8", direct.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));

        server.delete("/storage/media").assertOk(201);
        assertEquals("bucket does not exist", server.delete("/storage/media").assertError(404).msg());
    }

    private static List<String> paths(com.fasterxml.jackson.databind.JsonNode objects) {
        List<String> paths = new java.util.ArrayList<>();
        objects.forEach(o -> paths.add(o.path("path").asText()));
        return paths;
    }

    @Test
    void aLostEngineAnswers503UntilItIsBack() {
        try (TestServer server = server("", "lost")) {
            server.put("/storage/media").assertOk(201);
            server.post("/storage/media/a.txt", "kept".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
            s3.stop();
            try {
                for (String[] call : List.of(new String[] {"GET", "/storage/media/a.txt"},
                        new String[] {"PUT", "/storage/other"}, new String[] {"DELETE", "/storage/media/a.txt"},
                        new String[] {"DELETE", "/storage/media"})) {
                    var reply = server.send(call[0], call[1], null).assertError(503);
                    assertEquals(UNAVAILABLE, reply.msg(), call[0] + " " + call[1]);
                }
                assertEquals(UNAVAILABLE, server.post("/storage/media/b.txt", "b".getBytes(StandardCharsets.UTF_8),
                        "text/plain").assertError(503).msg());
            } finally {
                s3.restart();
            }
            // S3Proxy kept its files: the same server serves them again at once
            Poll.until(Duration.ofSeconds(20), () -> server.get("/storage/media/a.txt").status() == 200,
                    "the storage answers again");
            assertEquals("kept", server.get("/storage/media/a.txt").text());
        }
    }

    @Test
    void anUnreachableEngineStopsTheStartWithOneLine() {
        int closed = Ports.free();
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of("--port=0", "--dir",
                        dir.toString(), "--storage-url=s3://app:secret@127.0.0.1:" + closed + "?tls=false"))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: cannot reach the storage engine at s3://127.0.0.1:"
                    + closed + "?region=us-east-1&tls=false: Connection refused"), out);
            assertFalse(out.contains("Exception"), out);
            assertFalse(out.contains("secret"), out);
            assertFalse(TestServer.Child.LISTENING.matcher(out).find(), out);
        }
    }
}
