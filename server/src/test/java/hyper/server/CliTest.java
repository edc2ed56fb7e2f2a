package hyper.server;

import hyper.core.Service;
import hyper.testing.ChildProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: flags, environment, defaults, and the exit code when bootstrapping is not allowed. */
class CliTest {

    private static ServerOptions run(Map<String, String> env, String... args) {
        return assertInstanceOf(Cli.Run.class, Cli.parse(args, env)).options();
    }

    @Test
    void defaultsAreThoseOfTheOriginal() {
        ServerOptions o = run(Map.of());
        assertEquals(6363, o.port());
        assertEquals("0.0.0.0", o.host());
        assertEquals(Path.of("__hyper__"), o.dataDir());
        assertEquals("test", o.domain());
        assertEquals(Set.of(), o.bootstrap());
        assertEquals(Optional.empty(), o.dataUrl());
    }

    @Test
    void portFromEnvironmentThenFlag() {
        assertEquals(7000, run(Map.of("PORT", "7000")).port());
        assertEquals(7001, run(Map.of("PORT", "7000"), "--port=7001").port());
        assertEquals(7002, run(Map.of(), "--port", "7002").port());
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--port=http"}, Map.of()));
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[0], Map.of("PORT", "99999")));
    }

    @Test
    void directoryDomainAndDataUrl() {
        ServerOptions o = run(Map.of("HYPER_DATA_URL", "mongodb://env"), "--dir=/tmp/x", "--domain", "movies");
        assertEquals(Path.of("/tmp/x"), o.dataDir());
        assertEquals("movies", o.domain());
        assertEquals(Optional.of("mongodb://env"), o.dataUrl());
        assertEquals(Optional.of("mongodb://flag"), run(Map.of(), "--data-url=mongodb://flag").dataUrl());
        assertEquals(Path.of("/data"), run(Map.of("HYPER_DIR", "/data")).dataDir());
    }

    @Test
    void bootstrappingNeedsExperimental() {
        for (String[] args : List.of(new String[] {"--data"}, new String[] {"--cache", "--purge"},
                new String[] {"--purge"})) {
            var invalid = assertInstanceOf(Cli.Invalid.class, Cli.parse(args, Map.of()));
            assertEquals("the --experimental flag must be set", invalid.message());
        }
        ServerOptions alone = run(Map.of(), "--experimental");
        assertTrue(alone.experimental());
        assertEquals(Set.of(), alone.bootstrap());
    }

    @Test
    void purgeAppliesOnlyToWhatIsCreated() {
        ServerOptions all = run(Map.of(), "--experimental", "--data", "--cache", "--purge");
        assertEquals(Set.of(Service.DATA, Service.CACHE), all.bootstrap());
        assertEquals(Set.of(Service.DATA, Service.CACHE), all.purge());
        ServerOptions some = run(Map.of(), "--experimental", "--data", "--cache", "--purge=cache, storage");
        assertEquals(Set.of(Service.CACHE), some.purge());
        assertEquals(Set.of(Service.DATA), run(Map.of(), "--experimental", "--data=false").bootstrap(),
                "any value counts as set, as in the original");
    }

    @Test
    void helpVersionAndUnknownFlags() {
        assertInstanceOf(Cli.Help.class, Cli.parse(new String[] {"--help"}, Map.of()));
        assertInstanceOf(Cli.Version.class, Cli.parse(new String[] {"--version"}, Map.of()));
        var run = assertInstanceOf(Cli.Run.class, Cli.parse(new String[] {"--frobnicate"}, Map.of()));
        assertEquals(List.of("ignoring unknown flag --frobnicate"), run.warnings());
        assertTrue(Cli.HELP.contains("--data-url"));
    }

    @Test
    void mainExitsWith1WithoutExperimental(@TempDir Path dir) {
        try (ChildProcess main = ChildProcess.java(List.of(), System.getProperty("java.class.path"),
                Main.class.getName(), List.of("--cache", "--dir", dir.toString(), "--port", "0"))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] the --experimental flag must be set"), out);
        }
    }
}
