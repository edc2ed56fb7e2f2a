package hyper.server;

import hyper.core.HyperException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory, private to the user who runs the server: queue secrets, cached values and stored
 * objects are in it, and other accounts on the machine have no business reading them.
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** The file whose lock says that a server or an offline command is using the directory. */
    static final String LOCK_FILE = "hyper-nano.lock";

    private DataDirectory() {}

    /** The directory held by this process until closed; the operating system lets go of it if the process dies. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                // the lock goes with the process at the latest
            }
        }
    }

    /**
     * Takes the directory for this process: two servers, or a server and an offline export or import, on the
     * same files would each cache what the other changes (the embedded engines are single-process).
     *
     * @throws HyperException REFUSED naming the directory when another process holds it
     */
    static Lock lock(Path dir) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the data directory " + dir, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Lock(channel);
            }
        } catch (OverlappingFileLockException heldHere) {
            // this process holds it already (a second server started in the same JVM)
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot lock the data directory " + dir, e);
        }
        close(channel);
        throw HyperException.refused("the data directory " + dir.toAbsolutePath().normalize()
                + " is in use by another hyper-nano; stop it first, or give this one another --dir");
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was taken
        }
    }

    /** Creates {@code dir} (and missing parents) readable by its owner only; an existing one is left as it is. */
    static void create(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(dir, OWNER_ONLY); // the umask may have taken bits away, never added
            } else {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
