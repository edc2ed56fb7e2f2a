package hyper.server;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a local certificate authority and, signed by it, a server certificate for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}: what {@code --tls-self-signed} serves. Keys are EC P-256, signatures
 * ECDSA with SHA-256, the extensions those that browsers, Node.js (OpenSSL) and Java check: the authority
 * is a CA limited to signing certificates (path length 0), the server certificate is for TLS servers and
 * names its hosts in subjectAltName; both carry key identifiers.
 *
 * <p>The authority's private key is never written anywhere: once the server certificate is signed it is
 * dropped, so trusting the authority trusts exactly that one certificate and nothing anyone could sign later.
 */
final class LocalCertificates {

    /** How long both certificates last: the longest a user-trusted authority's certificates may (Apple). */
    static final Duration VALIDITY = Duration.ofDays(825);

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    /** The server's key and certificate chain (server certificate, then the authority's). */
    record Issued(PrivateKey key, X509Certificate server, X509Certificate authority) {
        List<X509Certificate> chain() {
            return List.of(server, authority);
        }
    }

    private LocalCertificates() {}

    /** A fresh authority and server certificate, valid from an hour before {@code now}. */
    static Issued issue(Instant now) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPair authorityKeys = ecKeyPair(random);
            KeyPair serverKeys = ecKeyPair(random);
            ZonedDateTime from = now.minus(Duration.ofHours(1)).atZone(ZoneOffset.UTC);
            ZonedDateTime until = now.plus(VALIDITY).atZone(ZoneOffset.UTC);
            String id = HexFormat.of().formatHex(randomBytes(random, 4));
            byte[] authorityName = name("hyper-nano local CA " + id);
            byte[] authorityKeyId = keyId(authorityKeys.getPublic());

            byte[] authorityExtensions = Der.sequence(
                    extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(0))),
                    extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)),
                    extension(SUBJECT_KEY_ID, false, Der.octetString(authorityKeyId)));
            X509Certificate authority = sign(tbs(serial(random), authorityName, from, until, authorityName,
                    authorityKeys.getPublic(), authorityExtensions), authorityKeys.getPrivate());

            byte[] serverExtensions = Der.sequence(
                    extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                    extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE)),
                    extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                    extension(SUBJECT_ALT_NAME, false, Der.sequence(
                            Der.implicitPrimitive(2, "localhost".getBytes(StandardCharsets.US_ASCII)),
                            Der.implicitPrimitive(7, InetAddress.getByName("127.0.0.1").getAddress()),
                            Der.implicitPrimitive(7, InetAddress.getByName("::1").getAddress()))),
                    extension(SUBJECT_KEY_ID, false, Der.octetString(keyId(serverKeys.getPublic()))),
                    extension(AUTHORITY_KEY_ID, false, Der.sequence(Der.implicitPrimitive(0, authorityKeyId))));
            X509Certificate server = sign(tbs(serial(random), authorityName, from, until, name("localhost"),
                    serverKeys.getPublic(), serverExtensions), authorityKeys.getPrivate());
            server.verify(authority.getPublicKey());
            return new Issued(serverKeys.getPrivate(), server, authority);
        } catch (GeneralSecurityException | UnknownHostException e) {
            throw new IllegalStateException("cannot make a local certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** TBSCertificate (RFC 5280 4.1): v3, serial, algorithm, issuer, validity, subject, key, extensions. */
    private static byte[] tbs(BigInteger serial, byte[] issuer, ZonedDateTime from, ZonedDateTime until, byte[] subject,
            PublicKey key, byte[] extensions) {
        return Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(serial),
                algorithm(),
                issuer,
                Der.sequence(Der.time(from), Der.time(until)),
                subject,
                key.getEncoded(), // already a SubjectPublicKeyInfo
                Der.explicit(3, extensions));
    }

    private static X509Certificate sign(byte[] tbs, PrivateKey issuerKey) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm(), Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] algorithm() {
        return Der.sequence(Der.oid(ECDSA_WITH_SHA256));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(
                Der.set(Der.sequence(Der.oid(ORGANIZATION), Der.utf8("hyper-nano"))),
                Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** RFC 5280's method 1: SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyId(PublicKey key) throws GeneralSecurityException {
        Der.Element info = Der.read(key.getEncoded(), 0);
        Der.Element algorithmId = Der.read(key.getEncoded(), info.contentStart());
        Der.Element bits = Der.read(key.getEncoded(), algorithmId.end());
        byte[] content = bits.content();
        return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(content, 1, content.length));
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(1, randomBytes(random, 16)).setBit(126).clearBit(127);
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
