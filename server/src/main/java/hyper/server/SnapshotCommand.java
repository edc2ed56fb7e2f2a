package hyper.server;

import hyper.core.Services;
import hyper.http.SnapshotFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code hyper-nano export <file>} and {@code hyper-nano import <file>}: the stores of a data directory (or of
 * the engines the URLs name), opened without a server and without acting on them — no queue delivery, so a
 * READY job is still READY at the server's next start. The directory is locked meanwhile, so a server cannot
 * start on it halfway through, and a running server refuses the command.
 */
final class SnapshotCommand {

    private SnapshotCommand() {}

    /** Runs the command; the exit status: 0 done, 1 refused or failed (one line on {@code out} says why). */
    static int run(Cli.Offline command, PrintStream out) {
        ServerOptions options = command.options();
        Path dir = options.dataDir();
        String verb = command.export() ? "export" : "import";
        if (command.export() && !Files.isDirectory(dir)) {
            out.println("[ERROR] cannot export: there is no data directory " + dir.toAbsolutePath().normalize());
            return 1;
        }
        try {
            DataDirectory.create(dir);
            try (DataDirectory.Lock lock = DataDirectory.lock(dir);
                    Services services = Wiring.open(options, Clock.systemUTC(), false)) {
                if (command.export()) {
                    SnapshotFile.write(services, command.file());
                    out.println("[INFO] wrote the snapshot " + command.file() + " of " + where(options));
                } else {
                    SnapshotFile.load(command.file(), services, command.replace());
                    out.println("[INFO] imported " + command.file() + " into " + where(options)
                            + (command.replace() ? " (in place of every store)" : " (merged into the stores)"));
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) { // a HyperException's message is its one line
            out.println("[ERROR] cannot " + verb + " " + command.file() + ": " + e.getMessage());
        }
        return 1;
    }

    private static String where(ServerOptions options) {
        return "the stores in " + options.dataDir().toAbsolutePath().normalize()
                + (options.engineUrls().isEmpty() ? "" : " and on the engines of the given URLs");
    }
}
