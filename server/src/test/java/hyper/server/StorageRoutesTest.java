package hyper.server;

import hyper.core.Service;
import hyper.testing.Http;
import hyper.testing.Poll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The storage routes over HTTP, against a real server and its data directory. */
class StorageRoutesTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    // ---- buckets

    @Test
    void bucketsAreFoldersUnderTheStorageFolder() {
        assertEquals("hyper63 Storage", server.get("/storage").json().path("name").asText());
        server.put("/storage/buckets").assertOk(201);
        assertTrue(Files.isDirectory(server.dir().resolve("storage/buckets")));
        assertEquals("bucket already exists", server.put("/storage/buckets").assertError(409).msg());
        server.put("/storage/" + encodePath("Mixed Case ünï")).assertOk(201);
        assertTrue(Files.isDirectory(server.dir().resolve("storage/Mixed Case ünï")));
        assertEquals("not found!", server.get("/storage/buckets").json().path("msg").asText());
        server.delete("/storage/buckets").assertOk(201);
        assertFalse(Files.exists(server.dir().resolve("storage/buckets")));
        assertEquals("bucket does not exist", server.delete("/storage/buckets").assertError(404).msg());
    }

    @Test
    void bucketsCannotReachOtherServicesFiles() throws IOException {
        assertTrue(Files.exists(server.dir().resolve("cache.db")));
        server.put("/storage/cache.db").assertOk(201); // a bucket of its own, not the cache's file
        server.delete("/storage/cache.db").assertOk(201);
        assertTrue(Files.isRegularFile(server.dir().resolve("cache.db")));
        server.put("/cache/still-here").assertOk(201);
    }

    @Test
    void removingABucketRemovesEverythingInIt() {
        server.put("/storage/full").assertOk(201);
        upload("/storage/full/a/b/c.txt", "x".getBytes(), "text/plain").assertOk(201);
        server.delete("/storage/full").assertOk(201);
        assertFalse(Files.exists(server.dir().resolve("storage/full")));
        upload("/storage/full/x.txt", "x".getBytes(), "text/plain").assertError(404);
    }

    // ---- round trips

    @Test
    void binaryObjectsRoundTripWithTypeAndLength() {
        server.put("/storage/trip").assertOk(201);
        byte[] small = new byte[256];
        for (int i = 0; i < small.length; i++) {
            small[i] = (byte) i;
        }
        byte[] medium = randomBytes(5 * 1024 * 1024 + 17, 1);
        upload("/storage/trip/small.png", small, "image/png").assertOk(201);
        upload("/storage/trip/medium.tar.gz", medium, "application/gzip").assertOk(201);
        upload("/storage/trip/empty", new byte[0], "application/octet-stream").assertOk(201);

        var png = server.get("/storage/trip/small.png");
        assertEquals(200, png.status());
        assertArrayEquals(small, png.bytes());
        assertEquals("image/png", png.header("Content-Type"));
        assertEquals("256", png.header("Content-Length"));
        var gz = server.get("/storage/trip/medium.tar.gz");
        assertEquals(sha256(medium), sha256(gz.bytes()));
        assertEquals("application/gzip", gz.header("Content-Type"));
        assertEquals(Long.toString(medium.length), gz.header("Content-Length"));
        var empty = server.get("/storage/trip/empty");
        assertEquals(200, empty.status());
        assertEquals(0, empty.bytes().length);
        assertEquals("application/octet-stream", empty.header("Content-Type"));

        upload("/storage/trip/notes.txt", "hello".getBytes(), "text/plain").assertOk(201);
        assertEquals("text/plain; charset=UTF-8", server.get("/storage/trip/notes.txt").header("Content-Type"));
        upload("/storage/trip/v1.2/readme", "x".getBytes(), "text/plain").assertOk(201);
        assertEquals("application/octet-stream", server.get("/storage/trip/v1.2/readme").header("Content-Type"));
    }

    @Test
    void uploadReplacesAndRemoveDeletes() {
        server.put("/storage/replace").assertOk(201);
        upload("/storage/replace/a.txt", "one".getBytes(), "text/plain").assertOk(201);
        upload("/storage/replace/a.txt", "two!".getBytes(), "text/plain").assertOk(201);
        assertEquals("two!", server.get("/storage/replace/a.txt").text());
        server.delete("/storage/replace/a.txt").assertOk(201);
        assertEquals("object does not exist", server.get("/storage/replace/a.txt").assertError(404).msg());
        assertEquals("object does not exist", server.delete("/storage/replace/a.txt").assertError(404).msg());
        assertEquals("bucket does not exist", server.get("/storage/nope/a.txt").assertError(404).msg());
        assertEquals("bucket does not exist", upload("/storage/nope/a.txt", new byte[1], "text/plain")
                .assertError(404).msg());
    }

    @Test
    void foldersAreNotObjects() {
        server.put("/storage/folders").assertOk(201);
        upload("/storage/folders/a/b.txt", "b".getBytes(), "text/plain").assertOk(201);
        assertEquals("object does not exist", server.get("/storage/folders/a").assertError(404).msg());
        // the original answered these with 500 and the file system's words; they are the client's clashes
        server.delete("/storage/folders/a").assertError(409); // a folder that is not empty
        upload("/storage/folders/a/b.txt/c.txt", "c".getBytes(), "text/plain").assertError(409);
        upload("/storage/folders/a", "a".getBytes(), "text/plain").assertError(409);
        assertEquals("b", server.get("/storage/folders/a/b.txt").text());
        server.delete("/storage/folders/a/b.txt").assertOk(201);
        server.delete("/storage/folders/a").assertOk(201); // an empty folder goes
        assertFalse(Files.exists(server.dir().resolve("storage/folders/a")));
    }

    @Test
    void nestedAndUnicodeNamesRoundTrip() {
        server.put("/storage/names").assertOk(201);
        String name = "photos/2024/été/naïve 文件 ✓.json";
        byte[] body = "{\"ü\":1}".getBytes(StandardCharsets.UTF_8);
        upload("/storage/names/" + encodePath(name), body, "application/json").assertOk(201);
        assertTrue(Files.isRegularFile(server.dir().resolve("storage/names").resolve(name)));
        var back = server.get("/storage/names/" + encodePath(name));
        assertArrayEquals(body, back.bytes());
        assertEquals("application/json; charset=UTF-8", back.header("Content-Type"));
        server.delete("/storage/names/" + encodePath(name)).assertOk(201);
    }

    // ---- ranges

    @Test
    void singleRangesAreAnsweredWith206() {
        server.put("/storage/ranges").assertOk(201);
        byte[] body = randomBytes(1000, 2);
        upload("/storage/ranges/r.bin", body, "application/octet-stream").assertOk(201);

        var part = range("bytes=10-19");
        assertEquals(206, part.status());
        assertArrayEquals(slice(body, 10, 20), part.bytes());
        assertEquals("bytes 10-19/1000", part.header("Content-Range"));
        assertEquals("10", part.header("Content-Length"));
        assertArrayEquals(slice(body, 990, 1000), range("bytes=990-").bytes());
        assertArrayEquals(slice(body, 995, 1000), range("bytes=-5").bytes());
        assertArrayEquals(slice(body, 900, 1000), range("bytes=900-5000").bytes());

        var unsatisfiable = range("bytes=1000-");
        unsatisfiable.assertError(416);
        assertEquals("bytes */1000", unsatisfiable.header("Content-Range"));
        var several = range("bytes=0-1,5-6");
        assertEquals(200, several.status());
        assertArrayEquals(body, several.bytes());
        assertEquals(200, range("pages=1-2").status());

        var head = server.send(HttpRequest.newBuilder(server.uri("/storage/ranges/r.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.status());
        assertEquals("1000", head.header("Content-Length"));
        assertEquals("bytes", head.header("Accept-Ranges"));
    }

    private Http.Reply range(String value) {
        return server.get("/storage/ranges/r.bin", Map.of("Range", value));
    }

    // ---- modes of POST

    @Test
    void signedUrlRequestsAndUploadsWithoutContentTypeAnswerAUrlAndStoreNothing() {
        server.put("/storage/signed").assertOk(201);
        assertTrue(server.get("/storage/signed/a.png?useSignedUrl=true").assertOk(200).json().path("url").asText()
                .contains("/storage/signed/a.png?X-Hyper-Method=GET&"));
        assertTrue(upload("/storage/signed/a.png?useSignedUrl=true", new byte[1], "image/png").assertOk(201)
                .json().path("url").asText().contains("X-Hyper-Method=PUT"));
        server.send(HttpRequest.newBuilder(server.uri("/storage/signed/a.png")).header("Content-Type", "image/png")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString("x")))
                .assertOk(201);
        server.send(HttpRequest.newBuilder(server.uri("/storage/signed/a.png"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))).assertOk(201);
        assertFalse(Files.exists(server.dir().resolve("storage/signed/a.png")));
        upload("/storage/signed/", new byte[1], "image/png").assertError(400);
        assertEquals("body must be FormData that contains a file field and optional path field",
                upload("/storage/signed", new byte[1], "image/png").assertError(422).msg());
    }

    @Test
    void formUploadsNameTheObjectAfterTheFile() throws IOException {
        server.put("/storage/forms").assertOk(201);
        byte[] image = randomBytes(300_000, 3);
        // path field after the file, with a file name as its last segment: that segment is dropped
        form("/storage/forms", List.of(file("file", "rakis-dog.jpeg", image), field("path", "pets/x.jpg")))
                .assertOk(201);
        assertArrayEquals(image, server.get("/storage/forms/pets/rakis-dog.jpeg").bytes());
        assertEquals("image/jpeg", server.get("/storage/forms/pets/rakis-dog.jpeg").header("Content-Type"));
        form("/storage/forms", List.of(field("path", "docs/"), file("file", "ünï.txt", "u".getBytes())))
                .assertOk(201);
        assertEquals("u", server.get("/storage/forms/" + encodePath("docs/ünï.txt")).text());
        form("/storage/forms", List.of(file("file", "root.bin", new byte[] {1}))).assertOk(201);
        assertArrayEquals(new byte[] {1}, server.get("/storage/forms/root.bin").bytes());
        // on the object route the URL gives the folder when there is no path field
        form("/storage/forms/url/folder/ignored.png", List.of(file("file", "real.png", new byte[] {2})))
                .assertOk(201);
        assertArrayEquals(new byte[] {2}, server.get("/storage/forms/url/folder/real.png").bytes());

        String required = "body must be FormData that contains a file field and optional path field";
        assertEquals(required, form("/storage/forms", List.of(file("upload", "w.txt", new byte[9])))
                .assertError(422).msg());
        assertEquals(required, form("/storage/forms", List.of(field("path", "p/"))).assertError(422).msg());
        form("/storage/forms", List.of(file("file", "a.txt", new byte[3]), file("file", "b.txt", new byte[3])))
                .assertError(422);
        form("/storage/forms", List.of(file("file", "x..y.txt", new byte[3]))).assertError(400);
        form("/storage/forms", List.of(file("file", "ok.txt", new byte[3]), field("path", "../up/")))
                .assertError(400);
        assertFalse(Files.exists(server.dir().resolve("storage/forms/w.txt")));
        assertFalse(Files.exists(server.dir().resolve("storage/forms/a.txt")));
        assertFalse(Files.exists(server.dir().resolve("storage/up")));
        assertEquals(Set.of(), hiddenLeftovers(server.dir().resolve("storage/forms")));
    }

    // ---- names that try to leave the bucket

    @Test
    void namesCannotLeaveTheBucket() throws IOException {
        server.put("/storage/safe").assertOk(201);
        upload("/storage/safe/inside.txt", "inside".getBytes(), "text/plain").assertOk(201);
        Files.writeString(server.dir().resolve("storage/outside.txt"), "outside");
        Set<String> before = tree(server.dir());

        List<String> objectPaths = List.of("/storage/safe/../outside.txt", "/storage/safe/a/../../outside.txt",
                "/storage/safe/%2e%2e/outside.txt", "/storage/safe/..%2Foutside.txt", "/storage/safe/a%2Fb.txt",
                "/storage/safe/%2F" + "etc%2Fpasswd", "/storage/safe//etc/passwd", "/storage/safe/a%5Cb.txt",
                "/storage/safe/..%5Coutside.txt", "/storage/safe/a%00b.txt", "/storage/safe/./inside.txt",
                "/storage/safe/a//b.txt", "/storage/safe/x..y.txt", "/storage/safe/.hyper-upload-x");
        for (String path : objectPaths) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                String reply = raw(method + " " + path
                        + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 0");
                assertBadRequest(method + " " + path, reply);
            }
        }
        for (String bucket : List.of("..", "%2E%2E", "a%2Fb", "a%5Cb", "%2E", "a%00b")) {
            for (String method : List.of("PUT", "DELETE")) {
                assertBadRequest(method + " " + bucket, raw(method + " /storage/" + bucket
                        + " HTTP/1.1\r\nHost: x"));
            }
            assertBadRequest("GET " + bucket, raw("GET /storage/" + bucket + "/x.txt HTTP/1.1\r\nHost: x"));
        }
        for (String whole : List.of("/storage/.", "/storage/./", "/storage/..", "/storage/%2e")) {
            String reply = raw("DELETE " + whole + " HTTP/1.1\r\nHost: x");
            assertTrue(reply.startsWith("HTTP/1.1 4"), () -> whole + " → " + reply);
        }
        assertEquals("bucket name cannot contain slashes", server.put("/storage/a%5Cb").assertError(400).msg());
        assertEquals("cannot contain relative path parts", server.put("/storage/a..b").assertError(400).msg());
        assertEquals(before, tree(server.dir()));
        assertEquals("outside", Files.readString(server.dir().resolve("storage/outside.txt")));
    }

    @Test
    void symbolicLinksInTheStorageFolderAreNotFollowed() throws IOException {
        Path outside = Files.createDirectories(server.dir().resolve("elsewhere"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        server.put("/storage/links").assertOk(201);
        Path bucket = server.dir().resolve("storage/links");
        Files.createSymbolicLink(bucket.resolve("folder"), outside);
        Files.createSymbolicLink(bucket.resolve("file.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(server.dir().resolve("storage/linked"), outside);

        server.get("/storage/links/folder/secret.txt").assertError(400);
        server.get("/storage/links/file.txt").assertError(400);
        upload("/storage/links/folder/new.txt", "x".getBytes(), "text/plain").assertError(400);
        upload("/storage/links/file.txt", "x".getBytes(), "text/plain").assertError(400);
        server.delete("/storage/links/folder/secret.txt").assertError(400);
        server.delete("/storage/links/file.txt").assertError(400);
        server.get("/storage/linked/secret.txt").assertError(400);
        upload("/storage/linked/new.txt", "x".getBytes(), "text/plain").assertError(400);
        server.delete("/storage/linked").assertError(400);
        form("/storage/links/folder", List.of(file("file", "f.txt", new byte[1]))).assertError(400);

        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret.txt")), files.toList());
        }
        server.delete("/storage/links").assertOk(201); // removes the links, not what they point at
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    /**
     * Sends a request exactly as written (no client normalises its path) and reads one response: the head,
     * then as many body bytes as its Content-Length says.
     */
    private static String raw(String head) throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", server.hyper().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            while (!reply.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                reply.write(b);
            }
            Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(reply.toString(StandardCharsets.ISO_8859_1));
            if (length.find()) {
                reply.writeBytes(in.readNBytes(Integer.parseInt(length.group(1))));
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertBadRequest(String what, String rawReply) {
        assertTrue(rawReply.startsWith("HTTP/1.1 400"), () -> what + " → " + rawReply);
        assertTrue(rawReply.contains("\"ok\":false") && rawReply.contains("\"status\":400"), () -> what + " → " + rawReply);
    }

    // ---- concurrency

    @Test
    void concurrentUploadsOfOneNameLeaveOneCompleteObject() throws Exception {
        server.put("/storage/race").assertOk(201);
        int writers = 6;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            versions.add(randomBytes(2 * 1024 * 1024, 100 + i));
        }
        Set<String> hashes = new java.util.HashSet<>();
        versions.forEach(v -> hashes.add(sha256(v)));
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            AtomicBoolean writing = new AtomicBoolean(true);
            upload("/storage/race/same.bin", versions.getFirst(), "application/octet-stream").assertOk(201);
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get()) {
                    var reply = server.get("/storage/race/same.bin");
                    assertEquals(200, reply.status());
                    assertTrue(hashes.contains(sha256(reply.bytes())), "a reader saw a mixed or partial object");
                    reads++;
                }
                return reads;
            });
            List<Future<?>> uploads = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (byte[] version : versions) {
                    uploads.add(pool.submit(() -> upload("/storage/race/same.bin", version,
                            "application/octet-stream").assertOk(201)));
                }
            }
            for (Future<?> f : uploads) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(hashes.contains(sha256(server.get("/storage/race/same.bin").bytes())));
        assertEquals(Set.of(), hiddenLeftovers(server.dir().resolve("storage/race")));
    }

    // ---- large objects: streamed, heap stays flat

    @Test
    void aLargeObjectIsStreamedBothWaysWithFlatHeap() throws Exception {
        server.put("/storage/large").assertOk(201);
        long size = 300L * 1024 * 1024;
        long baseline = heapAfterGc();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(heapAfterGc(), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String sent;
        String received;
        try {
            MessageDigest upDigest = digest();
            var up = Http.CLIENT.send(HttpRequest.newBuilder(server.uri("/storage/large/big.bin"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size, upDigest)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, up.statusCode(), up.body());
            sent = HexFormat.of().formatHex(upDigest.digest());

            var down = Http.CLIENT.send(HttpRequest.newBuilder(server.uri("/storage/large/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(Long.toString(size), down.headers().firstValue("Content-Length").orElseThrow());
            MessageDigest downDigest = digest();
            long total = 0;
            try (InputStream in = down.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    downDigest.update(buffer, 0, n);
                    total += n;
                }
            }
            assertEquals(size, total);
            received = HexFormat.of().formatHex(downDigest.digest());
        } finally {
            running.set(false);
            sampler.join();
        }
        assertEquals(sent, received);
        long growth = peak.get() - baseline;
        assertTrue(growth < 16L * 1024 * 1024, "live heap grew by " + growth / 1024 / 1024 + " MiB for a "
                + size / 1024 / 1024 + " MiB object");
        server.delete("/storage/large").assertOk(201);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code size} deterministic pseudo-random bytes, generated as they are read and fed to a digest. */
    private static final class PatternStream extends InputStream {
        private final SplittableRandom random = new SplittableRandom(42);
        private final MessageDigest digest;
        private long remaining;

        PatternStream(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    b[off + i + j] = (byte) (value >>> (8 * j));
                }
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }
    }

    // ---- persistence

    @Test
    void objectsSurviveARestart(@TempDir Path data) {
        try (TestServer own = TestServer.start(data)) {
            own.put("/storage/keep").assertOk(201);
            byte[] body = randomBytes(100_000, 7);
            own.post("/storage/keep/deep/k.bin", body, "application/octet-stream").assertOk(201);
            own.restart();
            assertArrayEquals(body, own.get("/storage/keep/deep/k.bin").bytes());
            own.put("/storage/keep").assertError(409);
        }
    }

    @Test
    void bootstrapCreatesTheDomainBucket(@TempDir Path data) {
        var options = TestServer.options(data).withDomain("boot").withBootstrap(Set.of(Service.STORAGE), Set.of());
        try (TestServer own = TestServer.start(options)) {
            own.put("/storage/boot").assertError(409);
        }
        var purge = TestServer.options(data).withDomain("boot").withBootstrap(Set.of(Service.STORAGE), Set.of(Service.STORAGE));
        try (TestServer own = TestServer.start(TestServer.options(data))) {
            own.post("/storage/boot/old.txt", "old".getBytes(), "text/plain").assertOk(201);
        }
        try (TestServer own = TestServer.start(purge)) {
            own.get("/storage/boot/old.txt").assertError(404);
            own.put("/storage/boot").assertError(409);
        }
    }

    @Test
    void killDuringAnUploadKeepsTheLastAcknowledgedObject(@TempDir Path data) throws Exception {
        byte[] acknowledged = randomBytes(200_000, 9);
        try (TestServer.Child child = TestServer.child(List.of("-Xmx128m"), data)) {
            child.send("PUT", "/storage/crash", null, null);
            child.send("POST", "/storage/crash/done.bin", acknowledged, "application/octet-stream").assertStatus(201);

            // An upload replacing that object sends 8 MiB, then stalls until the server is killed.
            AtomicBoolean killed = new AtomicBoolean();
            InputStream stalling = new InputStream() {
                long sent;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= 8 * 1024 * 1024) {
                        while (!killed.get()) {
                            Thread.onSpinWait();
                        }
                        return -1;
                    }
                    int n = Math.min(len, 64 * 1024);
                    sent += n;
                    return n;
                }
            };
            Thread uploader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Http.CLIENT.send(HttpRequest.newBuilder(child.url().resolve("/storage/crash/done.bin"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stalling)).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (IOException | InterruptedException expected) {
                    // the server died mid-request
                }
            });
            Path bucket = data.resolve("storage/crash");
            Poll.until(Duration.ofSeconds(30), () -> hiddenSize(bucket) >= 4 * 1024 * 1024,
                    "the upload to reach the disk");
            child.kill9();
            killed.set(true);
            uploader.join(10_000);
        }
        try (TestServer restarted = TestServer.start(data)) {
            assertArrayEquals(acknowledged, restarted.get("/storage/crash/done.bin").bytes());
            assertEquals(Set.of(), hiddenLeftovers(data.resolve("storage/crash")));
            assertEquals(Set.of("done.bin"), tree(data.resolve("storage/crash")));
        }
    }

    // ---- helpers

    private static Http.Reply upload(String path, byte[] body, String contentType) {
        return server.post(path, body, contentType);
    }

    private record FormPart(String name, String fileName, byte[] body) {}

    private static FormPart file(String name, String fileName, byte[] body) {
        return new FormPart(name, fileName, body);
    }

    private static FormPart field(String name, String value) {
        return new FormPart(name, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Http.Reply form(String path, List<FormPart> parts) {
        String boundary = "----hyperTestBoundary7MA4YWxkTrZu0gW";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (FormPart part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append("\"\r\n")
                        .append("Content-Type: application/octet-stream");
            }
            head.append("\r\n\r\n");
            body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.body());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return server.post(path, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static String encodePath(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            segments.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", segments);
    }

    /** Every path under {@code root}, relative to it. */
    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("cache.db"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static Set<String> hiddenLeftovers(Path bucket) throws IOException {
        try (Stream<Path> all = Files.list(bucket)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".hyper-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static long hiddenSize(Path bucket) {
        try (Stream<Path> all = Files.list(bucket)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".hyper-")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
