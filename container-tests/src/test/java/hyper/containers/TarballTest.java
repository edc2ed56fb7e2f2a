package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release tarball, unpacked where a user would put it and started with {@code bin/hyper-nano}. */
class TarballTest {

    @TempDir
    static Path root;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Artefacts.tarball();
        Path unpacked = Files.createDirectory(root.resolve("opt"));
        Processes.Result tar = Processes.run(root, Map.of(), List.of("tar", "-xzf", tarball.toString(), "-C",
                unpacked.toString()));
        assertEquals(0, tar.exit(), tar.output());
        try (Stream<Path> entries = Files.list(unpacked)) {
            List<Path> tops = entries.toList();
            assertEquals(1, tops.size(), "one top-level folder expected: " + tops);
            home = tops.getFirst();
        }
        assertTrue(home.getFileName().toString().startsWith("hyper-nano-"), home.toString());
    }

    @Test
    void holdsALinkedRuntimeOfOnlyTheNeededJdkModules() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/hyper-nano")));
        assertTrue(Files.isExecutable(home.resolve("runtime/bin/java")));
        assertFalse(Files.exists(home.resolve("runtime/include")), "header files should be stripped");
        assertFalse(Files.exists(home.resolve("runtime/man")), "man pages should be stripped");
        Processes.Result modules = Processes.run(home, Map.of(), List.of("runtime/bin/java", "--list-modules"));
        assertEquals(0, modules.exit(), modules.output());
        assertTrue(modules.output().contains("java.sql@"), modules.output());
        assertFalse(modules.output().contains("java.desktop@"), modules.output());
        assertFalse(modules.output().contains("jdk.compiler@"), modules.output());
    }

    @Test
    void itsAotCacheIsUsedWhereverItIsUnpacked() throws Exception {
        assertTrue(Files.isRegularFile(home.resolve("lib/hyper-nano.aot")), "no AOT cache in the tarball");
        Processes.Result version = Processes.run(root, Map.of("JAVA_OPTS", "-Xlog:aot=info"),
                List.of(home.resolve("bin/hyper-nano").toString(), "--version"));
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("hyper-nano "), version.output());
        assertTrue(version.output().contains("Using AOT-linked classes: true"),
                "the AOT cache was rejected here:\n" + version.output());
    }

    @Test
    void startsServesKeepsDataAndStopsOnSigterm() throws Exception {
        Path caller = Files.createDirectories(root.resolve("caller"));
        int port = Artefacts.freePort();
        List<String> command = List.of(home.resolve("bin/hyper-nano").toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--dir", "data");
        Http http = new Http("127.0.0.1", port);

        Path log = root.resolve("first.log");
        Process first = Processes.start(caller, Map.of(), log, command);
        try {
            http.awaitHealthy(Duration.ofSeconds(30), first::isAlive, () -> Processes.read(log));
            http.cachePut("tarball", "k", 3);
            assertEquals(3, http.cacheGet("tarball", "k"));
        } finally {
            first.destroy(); // SIGTERM
        }
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "no exit 10 s after SIGTERM");
        assertEquals(143, first.exitValue(), Processes.read(log));
        assertTrue(Processes.read(log).contains("stopping hyper nano"), Processes.read(log));
        assertTrue(Files.isDirectory(caller.resolve("data")), "--dir data is relative to the caller's directory");

        Path log2 = root.resolve("second.log");
        Process second = Processes.start(caller, Map.of(), log2, command);
        try {
            http.awaitHealthy(Duration.ofSeconds(30), second::isAlive, () -> Processes.read(log2));
            assertEquals(3, http.cacheGet("tarball", "k"));
        } finally {
            second.destroy();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
