package hyper.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What HTTPS serves: the private key and certificate chain from {@code --tls-cert}/{@code --tls-key}, or for
 * {@code --tls-self-signed} those kept in {@code <data dir>/tls/}, made there the first time (and again
 * when the certificate comes within 30 days of expiring, or a file is missing):
 *
 * <pre>
 * tls/ca.pem           the local certificate authority, for clients to trust (NODE_EXTRA_CA_CERTS, curl --cacert)
 * tls/truststore.p12   the same for Java (password changeit)
 * tls/server.pem       the server's certificate for localhost, 127.0.0.1 and ::1, then the authority's
 * tls/server-key.pem   its private key (owner-only)
 * </pre>
 *
 * @param trust where clients find the authority to trust; only for a self-signed certificate
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, Optional<Trust> trust) {

    /** The files a client trusts the self-signed certificate with. */
    record Trust(Path caPem, Path truststore, boolean madeNow) {}

    static final String TRUSTSTORE_PASSWORD = "changeit";
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** The material {@code tls} asks for; the message of any failure is one line for the console. */
    static TlsMaterial load(TlsOptions tls, Path dataDir, Instant now) {
        if (tls.selfSignedCertificate()) {
            return selfSigned(dataDir.resolve("tls"), now);
        }
        Path certificateFile = tls.certificate().orElseThrow();
        Path keyFile = tls.key().orElseThrow();
        List<X509Certificate> chain = PemFiles.certificates(certificateFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!PemFiles.belongTogether(key, chain.getFirst())) {
            throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile);
        }
        try {
            chain.getFirst().checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IllegalArgumentException("the certificate in " + certificateFile + " is not valid now ("
                    + chain.getFirst().getNotBefore().toInstant() + " to " + chain.getFirst().getNotAfter().toInstant()
                    + ")");
        }
        return new TlsMaterial(key, chain, Optional.empty());
    }

    private static TlsMaterial selfSigned(Path dir, Instant now) {
        Path caPem = dir.resolve("ca.pem");
        Path truststore = dir.resolve("truststore.p12");
        Path serverPem = dir.resolve("server.pem");
        Path keyPem = dir.resolve("server-key.pem");
        Optional<TlsMaterial> kept = kept(caPem, truststore, serverPem, keyPem, now);
        if (kept.isPresent()) {
            return kept.get();
        }
        LocalCertificates.Issued issued = LocalCertificates.issue(now);
        try {
            DataDirectory.create(dir);
            writeOwnerOnly(keyPem, PemFiles.pem("PRIVATE KEY", issued.key().getEncoded())
                    .getBytes(StandardCharsets.US_ASCII));
            write(serverPem, (PemFiles.pem("CERTIFICATE", issued.server().getEncoded())
                    + PemFiles.pem("CERTIFICATE", issued.authority().getEncoded())).getBytes(StandardCharsets.US_ASCII));
            write(truststore, truststore(issued.authority()));
            write(caPem, PemFiles.pem("CERTIFICATE", issued.authority().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the TLS certificate in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a Java truststore: " + e.getMessage(), e);
        }
        return new TlsMaterial(issued.key(), issued.chain(), Optional.of(new Trust(caPem, truststore, true)));
    }

    /** The certificate made at an earlier start, if it is all there and not about to expire. */
    private static Optional<TlsMaterial> kept(Path caPem, Path truststore, Path serverPem, Path keyPem, Instant now) {
        if (!Files.isRegularFile(caPem) || !Files.isRegularFile(truststore) || !Files.isRegularFile(serverPem)
                || !Files.isRegularFile(keyPem)) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = PemFiles.certificates(serverPem);
            List<X509Certificate> authority = PemFiles.certificates(caPem);
            PrivateKey key = PemFiles.privateKey(keyPem);
            X509Certificate server = chain.getFirst();
            server.checkValidity(Date.from(now.plus(RENEW_BEFORE)));
            server.checkValidity(Date.from(now));
            server.verify(authority.getFirst().getPublicKey());
            if (!PemFiles.belongTogether(key, server)) {
                return Optional.empty();
            }
            return Optional.of(new TlsMaterial(key, chain, Optional.of(new Trust(caPem, truststore, false))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty(); // unreadable, expiring or not ours: make new ones
        }
    }

    private static byte[] truststore(X509Certificate authority) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("hyper-nano-local-ca", authority);
        var out = new java.io.ByteArrayOutputStream();
        store.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        return out.toByteArray();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(".hyper-" + file.getFileName() + "-" + Long.toHexString(System.nanoTime()));
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(".hyper-" + file.getFileName() + "-" + Long.toHexString(System.nanoTime()));
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(bytes);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
