package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.DownloadResult;
import hyper.client.Hyper;
import hyper.client.HyperStorage;
import hyper.client.Result;
import hyper.client.SignedUrlResult;
import hyper.junit.HyperNanoTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conformance/storage.test.mjs, through the Java client against the real server. */
@HyperNanoTest
class ClientStorageTest {

    private static final Result CREATED = new Result(true, 201, "");

    @BeforeAll
    static void create(Hyper hyper) {
        assertEquals(CREATED, hyper.storage().create());
    }

    @AfterAll
    static void destroy(Hyper hyper) {
        assertTrue(hyper.storage().destroy(true).ok());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Reads a download to its end without keeping it, returning its hash. */
    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void createTwiceIsA409(Hyper hyper) {
        Result again = hyper.storage().create();
        assertFalse(again.ok());
        assertEquals(409, again.status());
    }

    @Test
    void uploadThenDownloadReturnsTheSameBytes(Hyper hyper) throws Exception {
        byte[] bytes = random(3 * 1024 * 1024 + 11, 1);
        assertEquals(CREATED, hyper.storage().upload("blob.bin", bytes));
        try (DownloadResult result = hyper.storage().download("blob.bin")) {
            assertTrue(result.ok());
            assertEquals(bytes.length, result.contentLength());
            assertEquals(sha256(bytes), sha256(result.object()));
        }
    }

    @Test
    void aStreamedUploadRoundTrips(Hyper hyper) throws Exception {
        List<byte[]> parts = List.of(random(100_000, 2), random(200_000, 3), random(7, 4));
        InputStream stream = new SequenceInputStream(Collections.enumeration(
                parts.stream().map(p -> (InputStream) new ByteArrayInputStream(p)).toList()));
        assertEquals(CREATED, hyper.storage().upload("streamed.png", stream));
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        try (DownloadResult result = hyper.storage().download("streamed.png")) {
            assertEquals("image/png", result.contentType());
            assertEquals(sha256(all), sha256(result.object()));
        }
    }

    @Test
    void namesWithSlashesAreNestedKeys(Hyper hyper) {
        byte[] text = "nested ✓".getBytes(StandardCharsets.UTF_8);
        assertEquals(CREATED, hyper.storage().upload("docs/2024/notes.txt", text));
        try (DownloadResult result = hyper.storage().download("docs/2024/notes.txt")) {
            assertArrayEquals(text, result.bytes());
        }
    }

    @Test
    void anUploadReplacesTheObject(Hyper hyper) {
        hyper.storage().upload("replace.txt", "one".getBytes(StandardCharsets.UTF_8));
        hyper.storage().upload("replace.txt", "two".getBytes(StandardCharsets.UTF_8));
        try (DownloadResult result = hyper.storage().download("replace.txt")) {
            assertEquals("two", new String(result.bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void uploadAFile(Hyper hyper, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("f.txt"), "from a file");
        assertEquals(CREATED, hyper.storage().upload("file.txt", file));
        try (DownloadResult result = hyper.storage().download("file.txt")) {
            assertEquals("from a file", new String(result.bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void downloadOfAMissingObjectIsA404(Hyper hyper) {
        try (DownloadResult missing = hyper.storage().download("nothing-here.png")) {
            assertFalse(missing.ok());
            assertEquals(404, missing.status());
            assertEquals("object does not exist", missing.msg());
        }
    }

    @Test
    void removeDeletesTheObject(Hyper hyper) {
        hyper.storage().upload("gone.txt", "bye".getBytes(StandardCharsets.UTF_8));
        assertTrue(hyper.storage().remove("gone.txt").ok());
        try (DownloadResult after = hyper.storage().download("gone.txt")) {
            assertEquals(404, after.status());
        }
        Result again = hyper.storage().remove("gone.txt");
        assertFalse(again.ok());
        assertEquals(404, again.status());
    }

    @Test
    void aNameWithDotDotIsA400(Hyper hyper) {
        Result bad = hyper.storage().upload("a..b.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertFalse(bad.ok());
        assertEquals(400, bad.status());
        assertEquals("cannot contain relative path parts", bad.msg());
    }

    @Test
    void signedUrlsUploadAndDownloadWithoutTheClient(Hyper hyper) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        SignedUrlResult upload = hyper.storage().signedUrl("signed.txt", HyperStorage.UrlType.UPLOAD);
        assertEquals(201, upload.status());
        var put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.url()))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("signed bytes")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(201, put.statusCode());
        SignedUrlResult download = hyper.storage().signedUrl("signed.txt", HyperStorage.UrlType.DOWNLOAD);
        assertEquals(200, download.status());
        var got = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(download.url())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("signed bytes", got.body());
    }
}
