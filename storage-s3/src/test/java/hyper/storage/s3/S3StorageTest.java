package hyper.storage.s3;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectAccess;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import hyper.testing.Ports;
import hyper.testing.S3ProxyServer;
import hyper.testing.StoragePortContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * The S3 adapter with an S3 bucket per hyper bucket ({@code <prefix>-<bucket>}), on a real S3Proxy started
 * for this class: the storage port's contract, then what is S3's own (bucket names, multipart uploads,
 * ranged reads, presigned URLs, the engine lost and regained, the checks at open).
 */
class S3StorageTest extends StoragePortContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Map<Path, String> PREFIX_OF_DIR = new HashMap<>();

    static S3ProxyServer s3;
    static S3Client peek;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        peek = S3Fixture.peek(s3);
    }

    @AfterAll
    static void stopS3() {
        if (peek != null) {
            peek.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** Each case has a prefix of its own on the one S3Proxy, so cases see only their own buckets. */
    @Override
    protected StoragePort openPort(Path dir) {
        String prefix = PREFIX_OF_DIR.computeIfAbsent(dir, d -> "t" + PREFIXES.incrementAndGet());
        return S3Fixture.open(s3.url(""), prefix);
    }

    @Override
    protected boolean keepsAnyBucketName() {
        return false;
    }

    private String prefix() {
        return PREFIX_OF_DIR.get(dir);
    }

    private List<String> s3Buckets() {
        return peek.listBuckets().buckets().stream().map(Bucket::name)
                .filter(n -> n.startsWith(prefix() + "-")).sorted().toList();
    }

    private static byte[] random(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    private static byte[] readAll(StoredObject object, long offset, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        object.copyTo(offset, length, out);
        return out.toByteArray();
    }

    record Reply(int status, String body, String contentType) {}

    /** A plain HTTP request, as a browser or curl would send to a presigned URL. */
    private static Reply http(String method, URI url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setRequestMethod(method);
        if (body != null) {
            connection.setDoOutput(true);
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Reply(status, text, connection.getContentType());
    }

    // ---- names

    @Test
    void eachBucketIsAnS3BucketNamedAfterThePrefix() {
        storage.createBucket(BucketName.of("archive"));
        assertEquals(List.of(prefix() + "-archive", prefix() + "-media"), s3Buckets());
        put(MEDIA, "photos/cat.png", "meow");
        assertEquals("meow", peek.getObjectAsBytes(b -> b.bucket(prefix() + "-media").key("photos/cat.png"))
                .asUtf8String());
        storage.removeBucket(MEDIA);
        assertEquals(List.of(prefix() + "-archive"), s3Buckets());
    }

    @Test
    void bucketNamesS3CannotHoldAreRefusedBeforeS3SeesThem() {
        for (String name : List.of("Media", "my photos", "a_b", "été", "x".repeat(60), "ends-", "a..b")) {
            HyperException e = assertThrows(HyperException.class, () -> storage.createBucket(BucketName.of(name)),
                    name);
            assertEquals(HyperException.Reason.BAD_REQUEST, e.reason(), name);
            assertTrue(e.fact() == Fact.NAME_INVALID || e.fact() == Fact.PATH_RELATIVE, name + ": " + e.fact());
        }
        assertFact(Fact.NAME_INVALID, () -> storage.put(BucketName.of("Media"), "a.txt", unreadable()));
        assertFact(Fact.NAME_INVALID, () -> storage.open(BucketName.of("Media"), "a.txt"));
        assertFact(Fact.NAME_TOO_LONG, () -> storage.put(MEDIA, ("x".repeat(250) + "/").repeat(5) + "y",
                unreadable()));
        assertEquals(List.of(prefix() + "-media"), s3Buckets());
    }

    @Test
    void emptiedFoldersStayUntilRemovedButAreNeverListed() {
        put(MEDIA, "a/b/c.txt", "c");
        storage.remove(MEDIA, "a/b/c.txt");
        assertEquals(List.of(), storage.objects(MEDIA, "", false, "", 10));
        assertFact(Fact.REFUSED, () -> storage.remove(MEDIA, "a"));
        storage.remove(MEDIA, "a/b");
        storage.remove(MEDIA, "a");
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.remove(MEDIA, "a"));
        assertEquals(0, peek.listObjectsV2(b -> b.bucket(prefix() + "-media")).keyCount());
    }

    @Test
    void anObjectCannotBeBelowAnObjectNorWhereAFolderIs() {
        put(MEDIA, "a/b.txt", "b");
        assertEquals(HyperException.Reason.CONFLICT, assertThrows(HyperException.class,
                () -> storage.put(MEDIA, "a/b.txt/c.txt", unreadable())).reason());
        assertEquals(HyperException.Reason.CONFLICT, assertThrows(HyperException.class,
                () -> storage.put(MEDIA, "a", unreadable())).reason());
        try (Upload upload = storage.receive(MEDIA, bytes("x"))) {
            assertEquals(HyperException.Reason.CONFLICT, assertThrows(HyperException.class,
                    () -> upload.commit("a")).reason());
        }
        storage.remove(MEDIA, "a/b.txt");
        assertEquals(HyperException.Reason.CONFLICT, assertThrows(HyperException.class,
                () -> storage.put(MEDIA, "a", unreadable())).reason(), "an empty folder is a folder too");
        storage.remove(MEDIA, "a");
        put(MEDIA, "a", "now an object");
        assertEquals("now an object", read(MEDIA, "a"));
    }

    @Test
    void uploadsWaitingForTheirNameAreHiddenAndLeaveNothingBehind() {
        put(MEDIA, "kept.txt", "kept");
        try (Upload upload = storage.receive(MEDIA, bytes("pending"))) {
            assertEquals(List.of("kept.txt"), storage.objects(MEDIA, "", true, "", 10).stream()
                    .map(BucketEntry::path).toList());
            assertEquals(2, peek.listObjectsV2(b -> b.bucket(prefix() + "-media")).keyCount());
        }
        assertEquals(1, peek.listObjectsV2(b -> b.bucket(prefix() + "-media")).keyCount());
        assertFact(Fact.NAME_RESERVED, () -> storage.put(MEDIA, ".hyper-upload-1", unreadable()));
    }

    // ---- streaming

    @Test
    void aLargeUploadIsStreamedInPartsAndReadBackByRanges() throws IOException {
        byte[] content = random(2 * S3Storage.PART_SIZE + 12345);
        assertEquals(content.length, storage.put(MEDIA, "big.bin", new java.io.ByteArrayInputStream(content)).size());
        String etag = peek.headObject(b -> b.bucket(prefix() + "-media").key("big.bin")).eTag();
        assertTrue(etag.contains("-3"), "a multipart upload of 3 parts: " + etag);
        try (StoredObject object = storage.open(MEDIA, "big.bin")) {
            assertEquals(content.length, object.size());
            assertArrayEquals(content, readAll(object, 0, object.size()));
            long from = S3Storage.FIRST_READ - 10;
            assertArrayEquals(Arrays.copyOfRange(content, (int) from, (int) from + 100), readAll(object, from, 100),
                    "a range across the bytes read at open");
            long last = content.length - 7;
            assertArrayEquals(Arrays.copyOfRange(content, (int) last, content.length), readAll(object, last, 100));
        }
    }

    @Test
    void aFormUploadLargerThanAPartIsCommittedByACopyOnS3() throws IOException {
        byte[] content = random(S3Storage.PART_SIZE + 1);
        try (Upload upload = storage.receive(MEDIA, new java.io.ByteArrayInputStream(content))) {
            upload.commit("later/big.bin");
        }
        try (StoredObject object = storage.open(MEDIA, "later/big.bin")) {
            assertArrayEquals(content, readAll(object, 0, object.size()));
        }
        assertEquals(1, peek.listObjectsV2(b -> b.bucket(prefix() + "-media")).keyCount(), "no hidden key left");
    }

    @Test
    void aLargeObjectReplacedWhileReadFailsRatherThanMixingVersions() throws IOException {
        storage.put(MEDIA, "o.bin", new java.io.ByteArrayInputStream(random(S3Storage.FIRST_READ * 2)));
        try (StoredObject first = storage.open(MEDIA, "o.bin")) {
            storage.put(MEDIA, "o.bin", new java.io.ByteArrayInputStream(random(S3Storage.FIRST_READ * 3)));
            assertEquals(S3Storage.FIRST_READ, readAll(first, 0, S3Storage.FIRST_READ).length, "read at open");
            HyperException e = assertThrows(HyperException.class, () -> readAll(first, 0, first.size()));
            assertEquals(HyperException.Reason.CONFLICT, e.reason());
        }
    }

    // ---- presigned URLs

    @Test
    void presignedUrlsUploadAndDownloadOnS3ItselfUntilTheyExpire() throws Exception {
        URI upload = storage.presignedUrl(MEDIA, "photos/dog.png", ObjectAccess.UPLOAD, Duration.ofMinutes(5),
                "image/png").orElseThrow();
        assertTrue(upload.toString().startsWith(s3.endpoint() + "/" + prefix() + "-media/photos/dog.png?"), upload.toString());
        assertTrue(upload.getQuery().contains("X-Amz-Signature="), upload.toString());
        var put = http("PUT", upload, "woof");
        assertEquals(200, put.status(), put.body());
        assertEquals("woof", read(MEDIA, "photos/dog.png"));

        URI download = storage.presignedUrl(MEDIA, "photos/dog.png", ObjectAccess.DOWNLOAD, Duration.ofMinutes(5),
                "image/png").orElseThrow();
        var get = http("GET", download, null);
        assertEquals(200, get.status(), get.body());
        assertEquals("woof", get.body());
        assertEquals("image/png", get.contentType());

        var forged = http("GET", URI.create(download.toString().replace("dog.png", "cat.png")), null);
        assertEquals(403, forged.status(), "another object with the same signature");
        var wrongMethod = http("PUT", download, "x");
        assertEquals(403, wrongMethod.status(), "a download URL does not upload");

        URI brief = storage.presignedUrl(MEDIA, "photos/dog.png", ObjectAccess.DOWNLOAD, Duration.ofSeconds(1),
                "image/png").orElseThrow();
        Thread.sleep(2100);
        var expired = http("GET", brief, null);
        assertEquals(403, expired.status(), expired.body());
        assertTrue(expired.body().contains("expired") || expired.body().contains("AccessDenied"), expired.body());
    }

    @Test
    void presignedUrlsCheckNamesFirst() {
        assertFact(Fact.PATH_RELATIVE, () -> storage.presignedUrl(MEDIA, "../x", ObjectAccess.DOWNLOAD,
                Duration.ofMinutes(1), "text/plain"));
        assertFact(Fact.NAME_INVALID, () -> storage.presignedUrl(BucketName.of("No"), "x", ObjectAccess.UPLOAD,
                Duration.ofMinutes(1), "text/plain"));
    }

    // ---- the engine lost and regained

    @Test
    void theEngineLostIsUnavailableUntilItComesBack() {
        put(MEDIA, "a.txt", "kept");
        s3.stop();
        try {
            HyperException lost = assertThrows(HyperException.class, () -> read(MEDIA, "a.txt"));
            assertEquals(Fact.ENGINE_UNAVAILABLE, lost.fact());
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> storage.put(MEDIA, "b.txt", bytes("b")));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> storage.createBucket(BucketName.of("other")));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> storage.listStores());
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> storage.remove(MEDIA, "a.txt"));
        } finally {
            s3.restart();
        }
        assertEquals("kept", read(MEDIA, "a.txt"), "the same adapter works again, the data kept");
        put(MEDIA, "b.txt", "b");
        assertEquals("b", read(MEDIA, "b.txt"));
    }

    // ---- opening

    @Test
    void anUnreachableEngineFailsTheOpenWithOneClearMessage() {
        int closed = Ports.free();
        HyperException e = assertThrows(HyperException.class,
                () -> S3Fixture.open("s3://key:secret@127.0.0.1:" + closed + "?tls=false", "p"));
        assertEquals(Fact.ENGINE_UNAVAILABLE, e.fact());
        assertTrue(e.getMessage().startsWith("cannot reach the storage engine at s3://127.0.0.1:" + closed
                + "?region=us-east-1&tls=false: "), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void wrongCredentialsOrUrlsFailTheOpen() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> S3Fixture.open("s3://" + S3ProxyServer.ACCESS_KEY + ":nope@127.0.0.1:" + s3.port() + "?tls=false", "p"));
        assertTrue(refused.getMessage().contains("refused hyper-nano"), refused.getMessage());
        assertFalse(refused.getMessage().contains("nope"), refused.getMessage());
        for (String bad : List.of("s3://k:s@h:1/path", "s3://k:s@h:1?timeout=3", "s3://k:s@h:1?tls=maybe",
                "s3://k@h:1", "s3://k:s@h:1?bucket=Not_Valid", "s3://k:s@?tls=false")) {
            var wrong = assertThrows(IllegalArgumentException.class, () -> S3Fixture.open(bad, "p"), bad);
            assertTrue(wrong.getMessage().startsWith("--storage-url "), wrong.getMessage());
        }
        var prefix = assertThrows(IllegalArgumentException.class, () -> S3Fixture.open(s3.url(""), "My_App"));
        assertTrue(prefix.getMessage().startsWith("--prefix 'My_App'"), prefix.getMessage());
    }

    @Test
    void urlsAreReadWithTheirParts() {
        var local = S3Endpoint.parse(URI.create("s3://AKIA:se%2Fcr%2Bet@minio.local:9000?region=eu-west-1&tls=false&bucket=apps"));
        assertEquals(new S3Endpoint(Optional.of("minio.local"), 9000, false, "eu-west-1", Optional.of("AKIA"),
                Optional.of("se/cr+et"), Optional.of("apps")), local);
        assertEquals("s3://minio.local:9000?region=eu-west-1&tls=false&bucket=apps", local.redacted());
        assertEquals(Optional.of(URI.create("http://minio.local:9000")), local.endpoint());
        var aws = S3Endpoint.parse(URI.create("s3://AKIA:secret@?region=eu-central-1"));
        assertEquals(Optional.empty(), aws.host());
        assertEquals(Optional.empty(), aws.endpoint());
        assertTrue(aws.tls());
        var role = S3Endpoint.parse(URI.create("s3://?region=eu-central-1&bucket=acme-files"));
        assertEquals(new S3Endpoint(Optional.empty(), -1, true, "eu-central-1", Optional.empty(), Optional.empty(),
                Optional.of("acme-files")), role);
        var chain = S3Endpoint.parse(URI.create("s3://s3.example.com"));
        assertEquals(Optional.empty(), chain.accessKey(), "no credentials: the SDK's default chain");
        assertEquals(Optional.of(URI.create("https://s3.example.com")), chain.endpoint());
    }
}
