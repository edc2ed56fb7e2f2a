package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small file system of its own, an 8 MB tmpfs mounted on a folder, that {@link #fill()} fills to the last
 * byte with a filler file and {@link #free()} empties again: the disk-full faults are real ENOSPC errors from
 * the kernel, not mocks.
 *
 * <p>Mounting needs Linux and root. Under CI ({@code CI=true}) a disk that cannot be mounted fails the tests;
 * elsewhere they are skipped, saying why.
 */
final class SmallDisk implements AutoCloseable {

    private static final String SIZE = "8m";

    private final Path root;
    private final Path filler;

    private SmallDisk(Path root) {
        this.root = root;
        this.filler = root.resolve("filler");
    }

    /** Mounts a fresh tmpfs on {@code dir} (created if needed), or fails/skips as the class comment says. */
    static SmallDisk mount(Path dir) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            unavailable("a tmpfs can only be mounted on Linux, this is " + os);
        }
        String uid = run(List.of("id", "-u")).trim();
        if (!uid.equals("0")) {
            unavailable("mounting a tmpfs needs root, and this runs as uid " + uid);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString()));
        if (!isMountPoint(dir)) {
            unavailable("mount -t tmpfs failed: " + out.trim());
        }
        return new SmallDisk(dir);
    }

    /** The root of the small file system. */
    Path root() {
        return root;
    }

    /** Writes a filler file until the kernel answers ENOSPC, leaving no byte free. */
    void fill() {
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // Big pieces first, then smaller ones to take the last partial page too.
            for (int size : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer piece = ByteBuffer.allocate(size);
                try {
                    while (true) {
                        piece.clear();
                        while (piece.hasRemaining()) {
                            out.write(piece);
                        }
                    }
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            assertEquals(0, Files.getFileStore(root).getUsableSpace(), "free space after filling");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the filler file. */
    void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the filler and unmounts; a mount still busy is detached lazily. */
    @Override
    public void close() {
        free();
        run(List.of("umount", root.toString()));
        if (isMountPoint(root)) {
            run(List.of("umount", "-l", root.toString()));
        }
    }

    private static boolean isMountPoint(Path dir) {
        try {
            String target = " " + dir.toRealPath() + " ";
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(line -> line.contains(target) && line.startsWith("tmpfs "));
        } catch (IOException e) {
            return false;
        }
    }

    private static void unavailable(String why) {
        String message = "disk-full tests need a small tmpfs: " + why;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (required under CI)");
        }
        Assumptions.abort(message + " (skipped; run as root on Linux to include them)");
    }

    /** Runs a command, returning what it printed (stdout and stderr). */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
