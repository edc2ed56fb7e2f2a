package hyper.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Optional;

/**
 * A snapshot of the admin API's export format in a file: what {@code --import} loads at start and
 * {@code --export-on-exit} writes at a clean stop. The same checks as {@code POST /_admin/import}: the whole
 * file is read and checked before anything is written.
 */
public final class SnapshotFile {

    private SnapshotFile() {}

    /**
     * Checks the snapshot in {@code file} whole, then merges it into {@code services} (stores created where
     * missing, items written over those with the same key).
     *
     * @throws HyperException an INVALID fact with a one-line message (the file's place of the first mistake)
     *     when the file cannot be read or is not a snapshot; nothing is written then
     */
    public static void load(Path file, Services services) {
        load(file, services, false);
    }

    /**
     * As {@link #load(Path, Services)}; with {@code replace}, every store of the five services is removed
     * (after the file has been checked) and the file's stores take their place.
     */
    public static void load(Path file, Services services, boolean replace) {
        Snapshot.Plan plan = Snapshot.plan(read(file), services, Optional.of(file.toAbsolutePath().getParent()));
        if (replace) {
            StoreReset.reset(services, EnumSet.allOf(Service.class));
        }
        plan.apply();
    }

    private static java.util.Map<String, Object> read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) AdminRoutes.IMPORT_LIMIT + 1);
        } catch (NoSuchFileException e) {
            throw HyperException.invalid("no such file");
        } catch (IOException e) {
            throw HyperException.invalid("cannot read it: " + e.getMessage());
        }
        if (bytes.length > AdminRoutes.IMPORT_LIMIT) {
            throw HyperException.invalid("larger than " + (AdminRoutes.IMPORT_LIMIT >> 20) + " MiB");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HyperException.invalid(Json.describe(e));
        } catch (IOException e) {
            throw HyperException.invalid("cannot read it: " + e.getMessage());
        } catch (HyperException e) {
            throw HyperException.invalid(e.detail());
        }
        if (node == null || !node.isObject()) {
            throw HyperException.invalid("not a JSON object");
        }
        return Json.toMap(node);
    }

    /**
     * Writes a snapshot of every store to {@code file}: into a temporary file beside it, then renamed over
     * it, so {@code file} is either the old one or the whole new snapshot.
     */
    public static void write(Services services, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                // the channel's own stream, so that force() covers what was written; the writer's close only flushes
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                // no request runs meanwhile (the server has stopped listening, or none was started): a gate of its own
                Snapshot.write(services, out, new StoreGate());
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
