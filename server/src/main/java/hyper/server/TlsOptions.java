package hyper.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HTTPS, opt-in: {@code cloud://} connection strings always mean https.
 *
 * @param certificate a PEM certificate chain (the server's certificate first); with {@code key}
 * @param key the PEM private key of that certificate
 * @param port where HTTPS listens besides plain HTTP on the main port; when empty, the main port speaks HTTPS
 *     and there is no plain HTTP
 *
 * Without a certificate and key, a local certificate authority and a certificate for localhost, 127.0.0.1
 * and ::1 are made once in the data directory ({@code --tls-self-signed}).
 */
public record TlsOptions(Optional<Path> certificate, Optional<Path> key, OptionalInt port) {

    public TlsOptions {
        Objects.requireNonNull(certificate);
        Objects.requireNonNull(key);
        Objects.requireNonNull(port);
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("a TLS certificate needs its key, and a key its certificate");
        }
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("the TLS port must be between 0 and 65535: " + port.getAsInt());
        }
    }

    /** A certificate and key made once in the data directory. */
    public static TlsOptions selfSigned() {
        return new TlsOptions(Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** This PEM certificate chain and key. */
    public static TlsOptions pem(Path certificate, Path key) {
        return new TlsOptions(Optional.of(certificate), Optional.of(key), OptionalInt.empty());
    }

    /** HTTPS on {@code port} (0: a free one), plain HTTP staying on the main port. */
    public TlsOptions withPort(int port) {
        return new TlsOptions(certificate, key, OptionalInt.of(port));
    }

    /** Whether the certificate is made here rather than given. */
    public boolean selfSignedCertificate() {
        return certificate.isEmpty();
    }
}
