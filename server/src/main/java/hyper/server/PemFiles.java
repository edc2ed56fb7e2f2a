package hyper.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files: certificate chains and private keys as {@code openssl}, {@code mkcert}, Let's Encrypt and
 * {@code --tls-self-signed} write them. Private keys may be PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519),
 * PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}); encrypted keys are refused with a hint.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private PemFiles() {}

    /** The certificates in {@code file}, the server's own first; at least one. */
    static List<X509Certificate> certificates(Path file) {
        String text = read(file, "certificate");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(chain);
    }

    /** The private key in {@code file}. */
    static PrivateKey privateKey(Path file) {
        String text = read(file, "key");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            try {
                byte[] der = decode(m.group(2));
                switch (type) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(der).orElseThrow(() -> new IllegalArgumentException(
                                file + " holds a private key of a kind this server cannot use (RSA, EC or Ed25519)"));
                    }
                    case "RSA PRIVATE KEY" -> {
                        return pkcs8(Der.sequence(Der.integer(0), Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nul()),
                                Der.octetString(der))).orElseThrow();
                    }
                    case "EC PRIVATE KEY" -> {
                        return pkcs8(Der.sequence(Der.integer(0), Der.sequence(Der.oid(EC_PUBLIC_KEY), curveOf(der)),
                                Der.octetString(der))).orElseThrow();
                    }
                    case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file
                            + " holds an encrypted key; decrypt it first: openssl pkcs8 -in " + file
                            + " -out key.pem");
                    default -> {
                        // another block (a certificate in the same file, EC PARAMETERS): look further
                    }
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IllegalArgumentException(file + " holds a " + type + " that cannot be read", e);
            }
        }
        throw new IllegalArgumentException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Whether {@code key} belongs to {@code certificate}: a signature made with one verifies with the other. */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return algorithm == null; // a kind we cannot test: the TLS handshake will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** {@code der} as PEM of {@code type}, 64 characters a line. */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static Optional<PrivateKey> pkcs8(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next kind
            }
        }
        return Optional.empty();
    }

    /** The named curve of a SEC 1 EC key ({@code [0]} parameters), as a DER OBJECT IDENTIFIER. */
    private static byte[] curveOf(byte[] sec1) {
        Der.Element key = Der.read(sec1, 0);
        int at = key.contentStart();
        while (at < key.end()) {
            Der.Element item = Der.read(sec1, at);
            if (item.tag() == 0xa0) {
                Der.Element curve = Der.read(sec1, item.contentStart());
                if (curve.tag() == Der.OID) {
                    return curve.encoded(item.contentStart());
                }
            }
            at = item.end();
        }
        throw new IllegalArgumentException("the EC key names no curve");
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
