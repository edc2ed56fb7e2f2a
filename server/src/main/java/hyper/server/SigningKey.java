package hyper.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The key of signed storage URLs: {@code --signing-key} when given, otherwise 32 random bytes made once per
 * data directory and kept in {@code signing.key} there (owner-only, like the directory), so a URL handed out
 * stays valid across restarts until it expires. Deleting the file revokes every URL made with it.
 */
final class SigningKey {

    static final String FILE = "signing.key";
    private static final int BYTES = 32;

    private SigningKey() {}

    static byte[] of(SecurityOptions security, Path dataDir) {
        Optional<String> given = security.signingKey();
        return given.isPresent() ? given.get().getBytes(StandardCharsets.UTF_8) : kept(dataDir.resolve(FILE));
    }

    /** The key in {@code file}, made (written whole, then moved in place) if there is none yet. */
    static byte[] kept(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[BYTES];
                new SecureRandom().nextBytes(key);
                Path temp = file.resolveSibling(".hyper-" + FILE + "-" + Long.toHexString(System.nanoTime()));
                try (FileChannel out = create(temp)) {
                    out.write(java.nio.ByteBuffer.wrap(
                            (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII)));
                    out.force(true);
                }
                try {
                    // a link, unlike a move, never replaces a key another server made meanwhile
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // keep theirs
                } catch (UnsupportedOperationException | IOException noLinks) {
                    if (!Files.exists(file)) {
                        Files.move(temp, file);
                    }
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length < SecurityOptions.MIN_SIGNING_KEY_BYTES) {
                throw new IllegalStateException(file + " holds no signing key; delete it to make a new one");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " holds no signing key; delete it to make a new one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing key in " + file, e);
        }
    }

    private static FileChannel create(Path temp) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
