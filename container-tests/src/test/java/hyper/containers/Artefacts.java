package hyper.containers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the artefacts under test are, and what to do when one is missing. */
final class Artefacts {

    /** Image built from the Dockerfile ({@code docker build -t hyper-nano .}). */
    static final String IMAGE = System.getProperty("hyper.image", "hyper-nano:latest");

    private Artefacts() {}

    /**
     * Stops the test: a skip on a developer machine without the artefact or an engine, a failure when
     * {@code HYPER_REQUIRE_CONTAINERS=true} (CI), so that a broken set-up never passes as "skipped".
     */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
            fail(why + " (required: HYPER_REQUIRE_CONTAINERS=true)");
        }
        Assumptions.abort(why + " (skipped; set HYPER_REQUIRE_CONTAINERS=true to make this a failure)");
    }

    /** The tarball of {@code distribution/build.sh --tarball distribution/target}. */
    static Path tarball() {
        Path dir = Path.of(System.getProperty("hyper.tarball.dir", "../distribution/target"));
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            Path found = files.filter(p -> p.getFileName().toString().matches("hyper-nano-.+-linux-.+\\.tar\\.gz"))
                    .findFirst().orElse(null);
            if (found == null) {
                unavailable("no hyper-nano-<version>-linux-<arch>.tar.gz in " + dir.toAbsolutePath().normalize()
                        + ": build it with distribution/build.sh --tarball distribution/target");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The devcontainer feature's folder (devcontainer-feature.json + install.sh). */
    static Path feature() {
        return Path.of(System.getProperty("hyper.feature.dir", "../distribution/feature/hyper-nano"));
    }
}
