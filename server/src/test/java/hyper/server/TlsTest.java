package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS: {@code --tls-self-signed} makes a local authority and a localhost certificate once per data
 * directory; {@code --tls-cert}/{@code --tls-key} serve given PEM files; {@code --tls-port} listens with HTTPS
 * beside plain HTTP.
 */
class TlsTest {

    private static HttpClient trusting(Path truststore) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingContext(truststore)).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static SSLContext trustingContext(Path truststore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            store.load(in, TlsMaterial.TRUSTSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * HTTP/1.0 over TLS, whether the client offers {@code http/1.0} in ALPN (as curl --http1.0 does, which
     * Helidon alone refuses in the handshake), {@code http/1.1} or nothing; and the cap's 503 over TLS.
     */
    @Test
    void http10AndTheConnectionCapWorkOverTls(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(selfSigned(dir, false).toBuilder().maxConnections(2).build())) {
            URI url = server.hyper().url();
            SSLContext context = trustingContext(server.hyper().trustFiles().orElseThrow().truststore());
            for (String[] alpn : new String[][] {{"http/1.0"}, {"http/1.1"}, {}}) {
                try (SSLSocket socket = tlsSocket(context, url, alpn)) {
                    socket.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("{\"ok\":true,"
                            + "\"services\":[\"cache\",\"data\",\"storage\",\"search\",\"queue\"]}"),
                            "ALPN " + String.join(",", alpn) + ": " + answer);
                }
            }
            try (SSLSocket first = tlsSocket(context, url); SSLSocket second = tlsSocket(context, url);
                    SSLSocket third = tlsSocket(context, url)) {
                for (SSLSocket served : List.of(first, second)) {
                    served.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                    assertTrue(new String(served.getInputStream().readNBytes(12)).equals("HTTP/1.1 200"));
                }
                third.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                String refused = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(refused.startsWith("HTTP/1.1 503 ") && refused.contains("\"msg\":\"too many connections: "),
                        refused);
            }
        }
    }

    private static SSLSocket tlsSocket(SSLContext context, URI url, String... alpn) throws java.io.IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(url.getHost(), url.getPort());
        socket.setSoTimeout(10_000);
        if (alpn.length > 0) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(alpn);
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return socket;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ServerOptions selfSigned(Path dir, boolean ownPort) {
        TlsOptions tls = ownPort ? TlsOptions.selfSigned().withPort(0) : TlsOptions.selfSigned();
        return TestServer.options(dir).withSecurity(SecurityOptions.none().withTls(tls));
    }

    @Test
    void aSelfSignedCertificateIsMadeOnceAndTrustedThroughItsAuthority(@TempDir Path dir) throws Exception {
        byte[] authority;
        try (TestServer server = TestServer.start(selfSigned(dir, true))) {
            HyperNano hyper = server.hyper();
            HyperNano.TrustFiles trust = hyper.trustFiles().orElseThrow();
            assertTrue(trust.madeNow());
            assertEquals(dir.resolve("tls/ca.pem"), trust.caPem());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("tls/server-key.pem"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls"))));
            authority = Files.readAllBytes(trust.caPem());

            URI https = hyper.httpsUrl().orElseThrow();
            assertEquals("https", https.getScheme());
            assertEquals("http", hyper.url().getScheme(), "plain HTTP stays on the main port");
            HttpClient client = trusting(trust.truststore());
            assertEquals(200, get(client, https.resolve("/health")).statusCode());
            assertEquals(200, get(client, URI.create("https://localhost:" + https.getPort() + "/health")).statusCode());
            assertEquals(200, server.get("/health").status());
            // a signed URL handed out over HTTPS is an https URL
            server.put("/storage/b").assertOk(201);
            String url = get(client, https.resolve("/app/storage/b/x.txt?useSignedUrl=true")).body();
            assertTrue(url.contains("\"url\":\"https://127.0.0.1:" + https.getPort() + "/app/storage/b/x.txt?"), url);
            // a client that does not trust the authority is refused
            HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(SSLHandshakeException.class, () -> get(stranger, https.resolve("/health")));
        }
        try (TestServer again = TestServer.start(selfSigned(dir, false))) {
            HyperNano.TrustFiles trust = again.hyper().trustFiles().orElseThrow();
            assertFalse(trust.madeNow(), "kept from the first start");
            assertArrayEquals(authority, Files.readAllBytes(trust.caPem()));
            assertEquals(again.hyper().url(), again.hyper().httpsUrl().orElseThrow(), "the main port speaks HTTPS");
            assertEquals(200, get(trusting(trust.truststore()), again.hyper().url().resolve("/health")).statusCode());
        }
    }

    @Test
    void theCertificatesAreWhatClientsCheck(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        TlsMaterial tls = TlsMaterial.load(TlsOptions.selfSigned(), dir, now);
        X509Certificate server = tls.chain().get(0);
        X509Certificate authority = tls.chain().get(1);
        server.verify(authority.getPublicKey());
        authority.verify(authority.getPublicKey());
        assertEquals(0, authority.getBasicConstraints(), "a CA that signs no other CA");
        assertEquals(-1, server.getBasicConstraints(), "not a CA");
        assertTrue(authority.getKeyUsage()[5], "keyCertSign");
        assertTrue(server.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage());
        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1")),
                server.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
        assertEquals(server.getIssuerX500Principal(), authority.getSubjectX500Principal());
        server.checkValidity(Date.from(now));
        server.checkValidity(Date.from(now.plus(Duration.ofDays(800))));
        assertTrue(PemFiles.belongTogether(tls.key(), server));
        assertFalse(PemFiles.belongTogether(tls.key(), authority));
        assertEquals(tls.chain(), PemFiles.certificates(dir.resolve("tls/server.pem")));

        TlsMaterial kept = TlsMaterial.load(TlsOptions.selfSigned(), dir, now.plus(Duration.ofDays(700)));
        assertEquals(server, kept.chain().get(0), "kept while it has more than 30 days left");
        TlsMaterial renewed = TlsMaterial.load(TlsOptions.selfSigned(), dir, now.plus(Duration.ofDays(800)));
        assertFalse(server.equals(renewed.chain().get(0)), "made anew close to its expiry");
        assertTrue(renewed.trust().orElseThrow().madeNow());
        Files.writeString(dir.resolve("tls/server.pem"), "garbage");
        assertTrue(TlsMaterial.load(TlsOptions.selfSigned(), dir, now).trust().orElseThrow().madeNow(),
                "made anew when a file cannot be read");
    }

    @Test
    void givenPemFilesAreServed(@TempDir Path dir) throws Exception {
        TlsMaterial made = TlsMaterial.load(TlsOptions.selfSigned(), dir.resolve("made"), Instant.now());
        Path cert = dir.resolve("made/tls/server.pem");
        Path key = dir.resolve("made/tls/server-key.pem");
        try (TestServer server = TestServer.start(TestServer.options(dir.resolve("data"))
                .withSecurity(SecurityOptions.none().withTls(TlsOptions.pem(cert, key))))) {
            assertEquals(Optional.empty(), server.hyper().trustFiles());
            assertFalse(Files.exists(dir.resolve("data/tls")));
            HttpClient client = trusting(made.trust().orElseThrow().truststore());
            assertEquals(200, get(client, server.hyper().url().resolve("/health")).statusCode());
            assertEquals("https", server.hyper().url().getScheme());
        }
    }

    @Test
    void aKeyOfAnotherCertificateOrAnUnreadableFileStopsTheStart(@TempDir Path dir) throws Exception {
        TlsMaterial.load(TlsOptions.selfSigned(), dir.resolve("a"), Instant.now());
        TlsMaterial.load(TlsOptions.selfSigned(), dir.resolve("b"), Instant.now());
        Path cert = dir.resolve("a/tls/server.pem");
        var mismatch = assertThrows(IllegalArgumentException.class, () -> HyperNano.start(TestServer.options(dir.resolve("d"))
                .withSecurity(SecurityOptions.none().withTls(TlsOptions.pem(cert, dir.resolve("b/tls/server-key.pem"))))));
        assertTrue(mismatch.getMessage().contains("does not belong to the certificate"), mismatch.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> HyperNano.start(TestServer.options(dir.resolve("d"))
                .withSecurity(SecurityOptions.none().withTls(TlsOptions.pem(cert, dir.resolve("nothing.pem"))))));
        assertTrue(missing.getMessage().startsWith("cannot read the TLS key"), missing.getMessage());
        Files.writeString(dir.resolve("encrypted.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        var encrypted = assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(dir.resolve("encrypted.pem")));
        assertTrue(encrypted.getMessage().contains("encrypted"), encrypted.getMessage());
        Files.writeString(dir.resolve("empty.pem"), "nothing here");
        assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates(dir.resolve("empty.pem")));
    }

    @Test
    void rsaAndEcKeysAreReadInEachPemForm(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
        byte[] pkcs8 = rsaKey.getEncoded();
        Files.writeString(dir.resolve("rsa8.pem"), PemFiles.pem("PRIVATE KEY", pkcs8));
        assertArrayEquals(pkcs8, PemFiles.privateKey(dir.resolve("rsa8.pem")).getEncoded());
        Files.writeString(dir.resolve("rsa1.pem"), PemFiles.pem("RSA PRIVATE KEY", innerKey(pkcs8)));
        assertArrayEquals(pkcs8, PemFiles.privateKey(dir.resolve("rsa1.pem")).getEncoded());

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey ecKey = (ECPrivateKey) ec.generateKeyPair().getPrivate();
        byte[] d = ecKey.getS().toByteArray();
        byte[] d32 = new byte[32];
        System.arraycopy(d, Math.max(0, d.length - 32), d32, Math.max(0, 32 - d.length), Math.min(32, d.length));
        byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(d32), Der.explicit(0, Der.oid("1.2.840.10045.3.1.7")));
        Files.writeString(dir.resolve("ec.pem"), "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + PemFiles.pem("EC PRIVATE KEY", sec1));
        ECPrivateKey read = (ECPrivateKey) PemFiles.privateKey(dir.resolve("ec.pem"));
        assertEquals(ecKey.getS(), read.getS());
        assertEquals(new BigInteger(1, d32), read.getS());
    }

    /** The key inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING (PKCS#1 for RSA). */
    private static byte[] innerKey(byte[] pkcs8) {
        Der.Element info = Der.read(pkcs8, 0);
        Der.Element version = Der.read(pkcs8, info.contentStart());
        Der.Element algorithm = Der.read(pkcs8, version.end());
        return Der.read(pkcs8, algorithm.end()).content();
    }

    @Test
    void tlsFlags() {
        Map<String, String> env = Map.of();
        SecurityOptions self = ((Cli.Run) Cli.parse(new String[] {"--tls-self-signed", "--tls-port=6443"}, env)).options()
                .security();
        assertTrue(self.tls().orElseThrow().selfSignedCertificate());
        assertEquals(6443, self.tls().orElseThrow().port().getAsInt());
        SecurityOptions pem = ((Cli.Run) Cli.parse(new String[] {"--tls-cert", "c.pem", "--tls-key", "k.pem"}, env))
                .options().security();
        assertEquals(Optional.of(Path.of("c.pem")), pem.tls().orElseThrow().certificate());
        assertTrue(pem.tls().orElseThrow().port().isEmpty());
        SecurityOptions fromEnv = ((Cli.Run) Cli.parse(new String[0], Map.of("HYPER_TLS_CERT", "c.pem",
                "HYPER_TLS_KEY", "k.pem"))).options().security();
        assertEquals(Optional.of(Path.of("k.pem")), fromEnv.tls().orElseThrow().key());
        assertEquals(Optional.empty(), ((Cli.Run) Cli.parse(new String[0], env)).options().security().tls());
        for (String[] bad : new String[][] {{"--tls-cert=c.pem"}, {"--tls-key=k.pem"}, {"--tls-port=6443"},
                {"--tls-self-signed", "--tls-cert=c", "--tls-key=k"}, {"--tls-self-signed", "--tls-port=x"},
                {"--tls-self-signed", "--port=7000", "--tls-port=7000"}}) {
            Cli.Command command = Cli.parse(bad, env);
            assertTrue(command instanceof Cli.Invalid invalid && invalid.exitCode() == 2, String.join(" ", bad));
        }
    }

    @Test
    void theStartupLogSaysHowToTrustTheCertificate(@TempDir Path dir) {
        try (TestServer.Child child = TestServer.child(dir, "--tls-self-signed", "--tls-port", "0")) {
            hyper.testing.Poll.until(() -> child.log().contains("[INFO] browser pages allowed"), "the start-up lines");
            String log = child.log();
            assertTrue(log.contains("NODE_EXTRA_CA_CERTS=" + dir.resolve("tls/ca.pem").toAbsolutePath()), log);
            assertTrue(log.contains("-Djavax.net.ssl.trustStore=" + dir.resolve("tls/truststore.p12").toAbsolutePath()),
                    log);
            assertTrue(log.matches("(?s).*listening on http://127\\.0\\.0\\.1:\\d+ and https://127\\.0\\.0\\.1:\\d+ .*"), log);
            assertTrue(log.contains("cloud://"), log);
            assertEquals(200, child.get("/health").status());
        }
        assertTrue(Files.exists(dir.resolve("tls/server.pem")));
        assertFalse(new String(readQuietly(dir.resolve("tls/server.pem")), StandardCharsets.US_ASCII).contains("PRIVATE"),
                "the certificate file holds no key");
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
