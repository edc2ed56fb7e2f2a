package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.ChildProcess;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release tarball, unpacked where a user would put it and started with {@code bin/hyper-nano}. */
class TarballTest {

    /** Launches that must not make an AOT cache in the background (each test sees only what it made). */
    private static final Map<String, String> NO_AOT = Map.of("HYPER_AOT", "off");

    @TempDir
    static Path root;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = unpack(Artefacts.tarball(), Files.createDirectory(root.resolve("opt")));
    }

    /** Unpacks the tarball into {@code dir}; returns its one top-level folder. */
    private static Path unpack(Path tarball, Path dir) throws Exception {
        ChildProcess.Result tar = ChildProcess.run(root, Map.of(), List.of("tar", "-xzf", tarball.toString(), "-C",
                dir.toString()));
        assertEquals(0, tar.exit(), tar.output());
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> tops = entries.toList();
            assertEquals(1, tops.size(), "one top-level folder expected: " + tops);
            assertTrue(tops.getFirst().getFileName().toString().startsWith("hyper-nano-"), tops.toString());
            return tops.getFirst();
        }
    }

    @Test
    void holdsALinkedRuntimeOfOnlyTheNeededJdkModules() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/hyper-nano")));
        assertTrue(Files.isExecutable(home.resolve("runtime/bin/java")));
        assertFalse(Files.exists(home.resolve("runtime/include")), "header files should be stripped");
        assertFalse(Files.exists(home.resolve("runtime/man")), "man pages should be stripped");
        assertTrue(Files.exists(home.resolve("runtime/lib/server/classes.jsa")), "the default CDS archive is kept");
        assertFalse(Files.exists(home.resolve("lib/hyper-nano.aot")), "an AOT cache is only valid where it was made");
        ChildProcess.Result modules = ChildProcess.run(home, Map.of(), List.of("runtime/bin/java", "--list-modules"));
        assertEquals(0, modules.exit(), modules.output());
        assertTrue(modules.output().contains("java.sql@"), modules.output());
        assertFalse(modules.output().contains("java.desktop@"), modules.output());
        assertFalse(modules.output().contains("jdk.compiler@"), modules.output());
    }

    @Test
    void jarsAreStoredAndTheRuntimeStillMapsItsCdsArchive() throws Exception {
        // stored jars and stripped native libraries (where binutils is installed) gzip smaller: neither may cost
        // the CDS archive of the JDK classes
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    assertTrue(zip.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED), jar + " has deflated entries");
                }
            }
        }
        ChildProcess.Result cds = ChildProcess.run(home, Map.of(),
                List.of("runtime/bin/java", "-Xshare:on", "-Xlog:cds", "-version"));
        assertEquals(0, cds.exit(), cds.output());
        assertTrue(cds.output().contains("Mapped static  region"), cds.output());
    }

    @Test
    void theAotCacheIsMadeInPlaceAndIgnoredOnceTheFolderMoves() throws Exception {
        Path installed = unpack(Artefacts.tarball(), Files.createDirectory(root.resolve("aot")));
        ChildProcess.Result made = ChildProcess.run(root, Map.of(), List.of(installed.resolve("bin/hyper-nano-aot").toString()));
        assertEquals(0, made.exit(), made.output());
        assertTrue(aotUsed(installed), "the AOT cache made here must be used here");

        // The cache names the jars' old location: a moved installation must start without it, and fully work.
        Path moved = Files.move(installed, root.resolve("moved"));
        assertFalse(aotUsed(moved), "a moved installation must not use the stale AOT cache");
        int port = Ports.free();
        try (ChildProcess server = ChildProcess.start(root, NO_AOT, List.of(moved.resolve("bin/hyper-nano").toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--dir", root.resolve("moved-data").toString()))) {
            Http http = new Http("127.0.0.1", port);
            http.awaitHealthy(Duration.ofSeconds(30), server::isAlive, server::output);
            http.cachePut("moved", "k", 5);
            assertEquals(5, http.cacheGet("moved", "k"));
            server.stop(Duration.ofSeconds(10));
        }
    }

    /** A user who only unpacks and starts gets the AOT cache without a step of their own, from the next start on. */
    @Test
    void theFirstStartMakesTheAotCacheInTheBackground() throws Exception {
        Path installed = unpack(Artefacts.tarball(), Files.createDirectory(root.resolve("first")));
        assertFalse(aotUsed(installed), "a fresh installation has no AOT cache");
        int port = Ports.free();
        try (ChildProcess server = ChildProcess.start(root, Map.of(), List.of(installed.resolve("bin/hyper-nano").toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--dir", root.resolve("first-data").toString()))) {
            Http http = new Http("127.0.0.1", port);
            http.awaitHealthy(Duration.ofSeconds(30), server::isAlive, server::output);
            http.cachePut("first", "k", 7); // served while the cache is being made
            assertEquals(7, http.cacheGet("first", "k"));
            Poll.until(Duration.ofSeconds(180), () -> !Files.exists(installed.resolve("lib/.aot-training")),
                    "the AOT cache to be made");
            server.stop(Duration.ofSeconds(10));
        }
        assertTrue(aotUsed(installed), "the next start uses the AOT cache made by the first");
    }

    private static boolean aotUsed(Path installation) throws Exception {
        ChildProcess.Result version = ChildProcess.run(root, Map.of("JAVA_OPTS", "-Xlog:aot=info"),
                List.of(installation.resolve("bin/hyper-nano").toString(), "--version"));
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("hyper-nano "), version.output());
        return version.output().contains("Using AOT-linked classes: true");
    }

    @Test
    void startsServesKeepsDataAndStopsOnSigterm() throws Exception {
        Path caller = Files.createDirectories(root.resolve("caller"));
        int port = Ports.free();
        List<String> command = List.of(home.resolve("bin/hyper-nano").toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--dir", "data");
        Http http = new Http("127.0.0.1", port);

        try (ChildProcess first = ChildProcess.start(caller, NO_AOT, command)) {
            http.awaitHealthy(Duration.ofSeconds(30), first::isAlive, first::output);
            http.cachePut("tarball", "k", 3);
            assertEquals(3, http.cacheGet("tarball", "k"));
            int exit = first.stop(Duration.ofSeconds(10)); // SIGTERM; fails if there is no exit within 10 s
            assertEquals(143, exit, first.output());
            assertTrue(first.output().contains("stopping hyper nano"), first.output());
        }
        assertTrue(Files.isDirectory(caller.resolve("data")), "--dir data is relative to the caller's directory");

        try (ChildProcess second = ChildProcess.start(caller, NO_AOT, command)) {
            http.awaitHealthy(Duration.ofSeconds(30), second::isAlive, second::output);
            assertEquals(3, http.cacheGet("tarball", "k"));
            second.stop(Duration.ofSeconds(10));
        }
    }
}
