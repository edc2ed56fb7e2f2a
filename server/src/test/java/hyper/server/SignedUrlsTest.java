package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.Http;
import hyper.testing.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed storage URLs: {@code ?useSignedUrl=true} hands out a URL that downloads or uploads one object with no
 * other credentials until it expires; any change to it, a late use or another method is a 403.
 */
class SignedUrlsTest {

    private static final String KEY = "a-signing-key-known-to-this-test";
    private static final Pattern EXPIRES = Pattern.compile("X-Hyper-Expires=(\\d+)");

    @TempDir
    static Path dir;
    private static final TestClock CLOCK = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.options(dir).withSecurity(SecurityOptions.none().withSigningKey(KEY)),
                CLOCK);
        server.put("/storage/media").assertOk(201);
        server.post("/storage/media/photos/cat.png", "meow".getBytes(StandardCharsets.UTF_8), "image/png").assertOk(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String downloadUrl(Http http, String path) {
        return http.get(path + "?useSignedUrl=true").assertOk(200).json().path("url").asText();
    }

    private static String uploadUrl(Http http, String path) {
        return http.send("POST", path + "?useSignedUrl=true", null).assertOk(201).json().path("url").asText();
    }

    /** A plain request to {@code url}: no token, no headers but a body's type. */
    private static Http.Reply fetch(String method, String url, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return Http.exchange(request);
    }

    private static Http.Reply fetch(String url) {
        return fetch("GET", url, null, null);
    }

    private static long expiresOf(String url) {
        Matcher m = EXPIRES.matcher(url);
        assertTrue(m.find(), url);
        return Long.parseLong(m.group(1));
    }

    private static String signature(String method, String objectPath, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(("hyper-signed-url-v1\n" + method + "\n" + objectPath + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code head} (with a {@code Host} of the test's choosing, which {@code java.net.http} does not allow)
     * and returns the reply's body, read up to its {@code Content-Length}.
     */
    private static String withHost(Http http, String head) {
        try (Socket socket = new Socket(http.url().getHost(), http.url().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "the reply ended in its headers: " + headers);
                headers.append((char) b);
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            assertTrue(length.find(), headers.toString());
            return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertForbidden(Http.Reply reply, String msg) {
        assertEquals(403, reply.status(), reply.text());
        assertEquals("{\"ok\":false,\"status\":403,\"msg\":\"" + msg + "\"}", reply.text());
    }

    // ---- handing out

    @Test
    void aDownloadUrlServesTheObjectToAPlainRequest() {
        Http.Reply reply = server.get("/storage/media/photos/cat.png?useSignedUrl=true").assertOk(200);
        assertEquals(2, reply.json().size(), "{ok, url} only");
        String url = reply.json().path("url").asText();
        assertTrue(url.startsWith(server.url() + "/storage/media/photos/cat.png?X-Hyper-Method=GET&X-Hyper-Expires="),
                url);
        Http.Reply object = fetch(url);
        assertEquals(200, object.status());
        assertEquals("meow", object.text());
        assertEquals("image/png", object.header("Content-Type"));
        assertEquals(200, fetch("HEAD", url, null, null).status());
        assertEquals(206, Http.exchange(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=1-2")).status());
    }

    @Test
    void anUploadUrlTakesTheBytesByPutOrPost() {
        String url = uploadUrl(server, "/storage/media/up/put.bin");
        assertTrue(url.contains("/storage/media/up/put.bin?X-Hyper-Method=PUT&"), url);
        fetch("PUT", url, new byte[] {1, 2, 3}, "application/octet-stream").assertOk(201);
        assertArrayEquals(new byte[] {1, 2, 3}, server.get("/storage/media/up/put.bin").bytes());
        fetch("POST", url, new byte[] {4}, null).assertOk(201); // no Content-Type: still the raw object
        assertArrayEquals(new byte[] {4}, server.get("/storage/media/up/put.bin").bytes());
        byte[] formLike = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nA\r\n--x--\r\n"
                .getBytes(StandardCharsets.UTF_8);
        fetch("PUT", url, formLike, "multipart/form-data; boundary=x").assertOk(201);
        assertArrayEquals(formLike, server.get("/storage/media/up/put.bin").bytes(), "a signed upload is the raw body");
        assertFalse(Files.exists(server.dir().resolve("storage/media/up/f")));
    }

    @Test
    void everyWayOfAskingForAnUploadUrlGetsOne() {
        for (HttpRequest.Builder ask : new HttpRequest.Builder[] {
                HttpRequest.newBuilder(server.uri("/storage/media/ask.txt?useSignedUrl=true"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(server.uri("/storage/media/ask.txt")).header("Content-Type", "text/plain")
                        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(server.uri("/storage/media/ask.txt")).POST(HttpRequest.BodyPublishers.noBody())}) {
            Http.Reply reply = server.send(ask).assertOk(201);
            assertTrue(reply.json().path("url").asText().contains("X-Hyper-Method=PUT"), reply.text());
        }
        assertFalse(Files.exists(server.dir().resolve("storage/media/ask.txt")));
    }

    @Test
    void lifetimesAreThoseOfHypersAdaptersUnlessExpiresInSaysOtherwise() {
        long now = CLOCK.instant().getEpochSecond();
        assertEquals(now + 10_000, expiresOf(downloadUrl(server, "/storage/media/photos/cat.png")));
        assertEquals(now + 300, expiresOf(uploadUrl(server, "/storage/media/x.bin")));
        assertEquals(now + 60, expiresOf(server.get("/storage/media/x.bin?useSignedUrl=true&expiresIn=60")
                .assertOk(200).json().path("url").asText()));
        assertEquals(now + 604_800, expiresOf(server.send("POST", "/storage/media/x.bin?useSignedUrl=true&expiresIn=604800",
                null).assertOk(201).json().path("url").asText()));
        for (String bad : new String[] {"0", "-5", "1.5", "soon", "604801", ""}) {
            assertEquals("Invalid Arguments 'expiresIn': Expected a whole number of seconds from 1 to 604800.",
                    server.get("/storage/media/x.bin?useSignedUrl=true&expiresIn=" + bad).assertError(422).msg(), bad);
        }
    }

    @Test
    void theUrlNamesTheHostTheClientUsed() {
        String reply = withHost(server, "GET /storage/media/photos/cat.png?useSignedUrl=true HTTP/1.1\r\nHost: files.example:8080"
                + "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https");
        assertTrue(reply.contains("\"url\":\"http://files.example:8080/storage/media/photos/cat.png?X-Hyper-Method=GET"),
                reply);
    }

    @Test
    void behindATrustedProxyTheForwardedHostAndSchemeAreUsed(@TempDir Path own) {
        try (TestServer proxied = TestServer.start(TestServer.options(own).withSecurity(
                SecurityOptions.none().withSigningKey(KEY).withTrustProxy(true)), CLOCK)) {
            String reply = withHost(proxied, "GET /storage/media/cat.png?useSignedUrl=true HTTP/1.1\r\nHost: 127.0.0.1"
                    + "\r\nX-Forwarded-Host: files.example, inner.proxy\r\nX-Forwarded-Proto: https");
            assertTrue(reply.contains("\"url\":\"https://files.example/storage/media/cat.png?X-Hyper-Method=GET"), reply);
            String noForwarding = withHost(proxied, "GET /storage/media/cat.png?useSignedUrl=true HTTP/1.1\r\nHost: h.example");
            assertTrue(noForwarding.contains("\"url\":\"http://h.example/storage/media/cat.png?"), noForwarding);
        }
    }

    @Test
    void namesAreCheckedBeforeAUrlIsHandedOut() {
        server.get("/storage/media/a%2E%2E/x.png?useSignedUrl=true").assertError(400);
        server.get("/storage/media/a/%2E%2E/%2E%2E/x.png?useSignedUrl=true").assertError(400);
        server.get("/storage/media/a%2Fb?useSignedUrl=true").assertError(400);
        server.get("/storage/a%5Cb/x.png?useSignedUrl=true").assertError(400);
        server.send("POST", "/storage/media/?useSignedUrl=true", null).assertError(400);
    }

    @Test
    void unicodeAndSpacesRoundTrip() {
        server.post("/storage/media/d%C3%B6g%20pics/f%C3%BCr%20dich.txt", "wuff".getBytes(StandardCharsets.UTF_8),
                "text/plain").assertOk(201);
        String url = downloadUrl(server, "/storage/media/d%C3%B6g%20pics/f%C3%BCr%20dich.txt");
        assertTrue(url.contains("/storage/media/d%C3%B6g%20pics/f%C3%BCr%20dich.txt?"), url);
        assertEquals("wuff", fetch(url).text());
    }

    @Test
    void theCloudFormHandsOutCloudFormUrls() {
        String url = downloadUrl(server, "/my-app/storage/media/photos/cat.png");
        assertTrue(url.startsWith(server.url() + "/my-app/storage/media/photos/cat.png?"), url);
        assertEquals("meow", fetch(url).text());
        assertEquals("meow", fetch(url.replace("/my-app/", "/")).text(), "the same object in the nano form");
    }

    // ---- refusing

    @Test
    void changingAnyPartOfTheUrlIsA403() {
        String url = downloadUrl(server, "/storage/media/photos/cat.png");
        server.put("/storage/other").assertOk(201);
        server.post("/storage/other/photos/cat.png", "other".getBytes(StandardCharsets.UTF_8), "image/png").assertOk(201);
        server.post("/storage/media/photos/dog.png", "woof".getBytes(StandardCharsets.UTF_8), "image/png").assertOk(201);
        long expires = expiresOf(url);
        String sig = url.substring(url.indexOf("X-Hyper-Signature=") + "X-Hyper-Signature=".length());
        String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        String[] tampered = {
            url.replace("/storage/media/", "/storage/other/"),
            url.replace("cat.png", "dog.png"),
            url.replace("/photos/", "/"),
            url.replace("X-Hyper-Expires=" + expires, "X-Hyper-Expires=" + (expires + 1)),
            url.replace("X-Hyper-Method=GET", "X-Hyper-Method=PUT"),
            url.replace(sig, flipped),
            url.replace(sig, sig.substring(0, sig.length() - 2)),
            url.replace(sig, "not-base64!"),
            url.replace(sig, ""),
        };
        for (String bad : tampered) {
            assertForbidden(fetch(bad), "signature does not match");
        }
        for (String incomplete : new String[] {
                url.replace("X-Hyper-Method=GET&", ""), url.replace("&X-Hyper-Expires=" + expires, ""),
                url.replace("&X-Hyper-Signature=" + sig, ""), url + "&X-Hyper-Signature=" + sig,
                url.replace("X-Hyper-Expires=" + expires, "X-Hyper-Expires=later")}) {
            assertForbidden(fetch(incomplete), "signed URL is incomplete");
        }
        assertEquals("meow", fetch(url).text(), "the original still works");
    }

    @Test
    void aUrlForgedWithoutTheKeyIsA403() {
        long expires = CLOCK.instant().getEpochSecond() + 60;
        String forged = server.url() + "/storage/media/photos/cat.png?X-Hyper-Method=GET&X-Hyper-Expires=" + expires
                + "&X-Hyper-Signature=" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertForbidden(fetch(forged), "signature does not match");
        String ours = server.url() + "/storage/media/photos/cat.png?X-Hyper-Method=GET&X-Hyper-Expires=" + expires
                + "&X-Hyper-Signature=" + signature("GET", "/storage/media/photos/cat.png", expires);
        assertEquals("meow", fetch(ours).text(), "the test signs as the server does");
    }

    @Test
    void eachUrlAllowsItsOwnMethodOnly() {
        String download = downloadUrl(server, "/storage/media/photos/cat.png");
        assertForbidden(fetch("PUT", download, new byte[1], "image/png"), "signed URL does not allow PUT");
        assertForbidden(fetch("POST", download, new byte[1], "image/png"), "signed URL does not allow POST");
        assertForbidden(fetch("DELETE", download, null, null), "signed URL does not allow DELETE");
        String upload = uploadUrl(server, "/storage/media/photos/cat.png");
        assertForbidden(fetch(upload), "signed URL does not allow GET");
        assertEquals(403, fetch("HEAD", upload, null, null).status());
        assertForbidden(fetch("DELETE", upload, null, null), "signed URL does not allow DELETE");
        assertEquals("meow", server.get("/storage/media/photos/cat.png").text(), "nothing changed");
    }

    @Test
    void aUrlExpires(@TempDir Path own) {
        TestClock clock = new TestClock(Instant.parse("2030-06-01T00:00:00Z"));
        try (TestServer timed = TestServer.start(TestServer.options(own), clock)) {
            timed.put("/storage/b").assertOk(201);
            timed.post("/storage/b/o.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
            String download = downloadUrl(timed, "/storage/b/o.txt");
            String upload = uploadUrl(timed, "/storage/b/o.txt");
            clock.advance(Duration.ofSeconds(299));
            fetch("PUT", upload, "y".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
            clock.advance(Duration.ofSeconds(1));
            assertForbidden(fetch("PUT", upload, "z".getBytes(StandardCharsets.UTF_8), "text/plain"),
                    "signed URL has expired");
            assertEquals("y", fetch(download).text());
            clock.advance(Duration.ofSeconds(10_000 - 300 - 1));
            assertEquals("y", fetch(download).text());
            clock.advance(Duration.ofSeconds(1));
            assertForbidden(fetch(download), "signed URL has expired");
        }
    }

    @Test
    void aSignedPathIsStillHeldToTheTraversalRules() {
        long expires = CLOCK.instant().getEpochSecond() + 60;
        // signed with the server's key, for paths the server would never sign
        for (String[] forged : new String[][] {
                {"/storage/media/a/%2E%2E/%2E%2E/escaped.txt", "/storage/media/a/../../escaped.txt"},
                {"/storage/media/%2E%2E%5Cescaped.txt", "/storage/media/..%5Cescaped.txt"},
                {"/storage/media/a%2Fb.txt", "/storage/media/a/b.txt"}}) {
            String url = server.url() + forged[0] + "?X-Hyper-Method=PUT&X-Hyper-Expires=" + expires
                    + "&X-Hyper-Signature=" + signature("PUT", forged[1], expires);
            Http.Reply reply = fetch("PUT", url, "x".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertEquals(400, reply.status(), forged[0] + " " + reply.text());
            assertEquals("cannot contain relative path parts", reply.json().path("msg").asText());
        }
        assertFalse(Files.exists(server.dir().resolve("storage/escaped.txt")));
        assertFalse(Files.exists(server.dir().resolve("escaped.txt")));
    }

    @Test
    void signedParametersOutsideAnObjectRouteAreA403() {
        String url = downloadUrl(server, "/storage/media/photos/cat.png");
        String query = url.substring(url.indexOf('?'));
        assertForbidden(server.get("/cache" + query), "signed URLs are for storage objects only");
        assertForbidden(server.send("DELETE", "/storage/media" + query, null), "signed URLs are for storage objects only");
        assertEquals(404, server.send("PUT", "/storage/media/photos/cat.png", "x".getBytes(StandardCharsets.UTF_8),
                "image/png").status(), "PUT without a signed URL is not a route");
    }

    @Test
    void withAuthOnASignedUrlNeedsNoToken(@TempDir Path own) {
        String secret = "auth-secret";
        try (TestServer guarded = TestServer.start(TestServer.options(own).withSecurity(
                SecurityOptions.none().withAuth(secret, Optional.empty())), CLOCK)) {
            String token = Jwts.hs256("{\"sub\":\"k\",\"exp\":" + (CLOCK.instant().getEpochSecond() + 600) + "}", secret);
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
            guarded.send(HttpRequest.newBuilder(guarded.uri("/storage/vault")).headers("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.noBody())).assertOk(201);
            guarded.get("/storage/vault/x.txt?useSignedUrl=true").assertError(401);
            String upload = guarded.send(HttpRequest.newBuilder(guarded.uri("/storage/vault/x.txt?useSignedUrl=true"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody())).assertOk(201).json().path("url").asText();
            fetch("PUT", upload, "secret stuff".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
            String download = guarded.get("/storage/vault/x.txt?useSignedUrl=true", bearer).assertOk(200).json()
                    .path("url").asText();
            assertEquals("secret stuff", fetch(download).text());
            assertEquals(401, guarded.get("/storage/vault/x.txt").status(), "without the URL a token is needed");
            assertForbidden(fetch(download.replace("x.txt", "y.txt")), "signature does not match");
            assertForbidden(fetch("DELETE", download, null, null), "signed URL does not allow DELETE");
        }
    }

    @Test
    void theKeyIsKeptInTheDataDirectoryAcrossRestarts(@TempDir Path own) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2030-06-01T00:00:00Z"));
        String url;
        try (TestServer first = TestServer.start(TestServer.options(own), clock)) {
            first.put("/storage/keep").assertOk(201);
            first.post("/storage/keep/k.txt", "kept".getBytes(StandardCharsets.UTF_8), "text/plain").assertOk(201);
            url = downloadUrl(first, "/storage/keep/k.txt");
            Path key = own.resolve("signing.key");
            assertTrue(Files.isRegularFile(key));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
        try (TestServer second = TestServer.start(TestServer.options(own), clock)) {
            String again = url.replaceFirst("//127\\.0\\.0\\.1:\\d+/", "//127.0.0.1:" + second.url().getPort() + "/");
            assertEquals("kept", fetch(again).text());
        }
        Files.delete(own.resolve("signing.key"));
        try (TestServer revoked = TestServer.start(TestServer.options(own), clock)) {
            String again = url.replaceFirst("//127\\.0\\.0\\.1:\\d+/", "//127.0.0.1:" + revoked.url().getPort() + "/");
            assertForbidden(fetch(again), "signature does not match");
        }
    }
}
