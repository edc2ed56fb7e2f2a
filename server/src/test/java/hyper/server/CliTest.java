package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.Service;
import hyper.core.engine.CacheProvider;
import hyper.core.engine.EngineProvider;
import hyper.testing.ChildProcess;
import hyper.testing.Poll;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: flags, environment, defaults, and the exit code when bootstrapping is not allowed. */
class CliTest {

    private static ServerOptions run(Map<String, String> env, String... args) {
        return assertInstanceOf(Cli.Run.class, Cli.parse(args, env)).options();
    }

    @Test
    void requestsAreLoggedWithTheFlagOrHyperLog() {
        assertFalse(run(Map.of()).logRequests(), "off by default");
        assertTrue(run(Map.of(), "--log-requests").logRequests());
        assertTrue(run(Map.of("HYPER_LOG", "requests")).logRequests());
        assertTrue(run(Map.of("HYPER_LOG", "other, Requests")).logRequests());
        assertFalse(run(Map.of("HYPER_LOG", "other")).logRequests());
        assertTrue(Cli.HELP.contains("--log-requests"));
    }

    @Test
    void exportAndImportCommandsTakeAFileAndTheServersFlags() {
        Cli.Offline export = assertInstanceOf(Cli.Offline.class,
                Cli.parse(new String[] {"export", "out.json", "--dir", "d", "--cache-url", "redis://h:6379"},
                        Map.of("HYPER_EXPORT_ON_EXIT", "x.json")));
        assertTrue(export.export());
        assertEquals(Path.of("out.json"), export.file());
        assertEquals(Path.of("d"), export.options().dataDir());
        assertEquals(Optional.of(URI.create("redis://h:6379")), export.options().engineUrl(Service.CACHE));
        assertEquals(Optional.empty(), export.options().exportOnExit(), "the server's snapshot flags do not apply");
        Cli.Offline load = assertInstanceOf(Cli.Offline.class,
                Cli.parse(new String[] {"import", "seed.json", "--replace"}, Map.of("HYPER_DIR", "e")));
        assertFalse(load.export());
        assertTrue(load.replace());
        assertEquals(Path.of("e"), load.options().dataDir());
        for (String[] bad : List.of(new String[] {"export"}, new String[] {"import", "--dir=x"},
                new String[] {"export", "a.json", "--replace"}, new String[] {"import", "a.json", "--import=b.json"},
                new String[] {"import", "a.json", "--what"})) {
            assertEquals(2, assertInstanceOf(Cli.Invalid.class, Cli.parse(bad, Map.of())).exitCode());
        }
        assertTrue(Cli.HELP.contains("hyper-nano export <file>") && Cli.HELP.contains("hyper-nano import <file>"));
    }

    @Test
    void snapshotFilesFromTheFlagsOrTheEnvironment() {
        assertEquals(Optional.empty(), run(Map.of()).importFile(), "none by default");
        assertEquals(Optional.empty(), run(Map.of()).exportOnExit());
        assertEquals(Optional.of(Path.of("seed.json")), run(Map.of(), "--import", "seed.json").importFile());
        assertEquals(Optional.of(Path.of("out.json")), run(Map.of(), "--export-on-exit=out.json").exportOnExit());
        ServerOptions env = run(Map.of("HYPER_IMPORT", "a.json", "HYPER_EXPORT_ON_EXIT", "b.json"));
        assertEquals(Optional.of(Path.of("a.json")), env.importFile());
        assertEquals(Optional.of(Path.of("b.json")), env.exportOnExit());
        ServerOptions flags = run(Map.of("HYPER_IMPORT", "a.json", "HYPER_EXPORT_ON_EXIT", "b.json"),
                "--import=c.json", "--export-on-exit", "d.json");
        assertEquals(Optional.of(Path.of("c.json")), flags.importFile(), "the flag wins");
        assertEquals(Optional.of(Path.of("d.json")), flags.exportOnExit());
        assertEquals(Optional.empty(), run(Map.of("HYPER_IMPORT", " ")).importFile(), "blank is unset");
        for (String[] bad : List.of(new String[] {"--import"}, new String[] {"--import="},
                new String[] {"--export-on-exit", "--port=1"})) {
            Cli.Invalid invalid = assertInstanceOf(Cli.Invalid.class, Cli.parse(bad, Map.of()));
            assertEquals(2, invalid.exitCode(), invalid.message());
            assertTrue(invalid.message().startsWith("--"), invalid.message());
        }
        assertTrue(Cli.HELP.contains("--import=<file>") && Cli.HELP.contains("--export-on-exit=<file>"));
    }

    @Test
    void defaultsAreThoseOfTheOriginalButLoopbackOnly() {
        ServerOptions o = run(Map.of());
        assertEquals(6363, o.port());
        assertEquals("127.0.0.1", o.host(), "the original listened on every interface; we do not by default");
        assertEquals(List.of(), o.corsOrigins());
        assertEquals("0.0.0.0", run(Map.of("HYPER_HOST", "0.0.0.0")).host());
        assertEquals(List.of("https://a.example", "*"),
                run(Map.of("HYPER_CORS_ORIGINS", "https://a.example, *")).corsOrigins());
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
    void engineUrlsAndPrefixFromEnvironmentThenFlags() {
        ServerOptions o = run(Map.of("HYPER_QUEUE_URL", "redis://env:6379", "HYPER_PREFIX", "staging"),
                "--cache-url=rediss://user:pass@flag:6380/2", "--search-url", "http://127.0.0.1:9200");
        assertEquals(Optional.of(URI.create("rediss://user:pass@flag:6380/2")), o.engineUrl(Service.CACHE));
        assertEquals(Optional.of(URI.create("redis://env:6379")), o.engineUrl(Service.QUEUE));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9200")), o.engineUrl(Service.SEARCH));
        assertEquals(Optional.empty(), o.engineUrl(Service.STORAGE));
        assertEquals("staging", o.prefix());
        assertEquals("hyper", run(Map.of()).prefix());
        assertEquals("app-2", run(Map.of("HYPER_PREFIX", "staging"), "--prefix=app-2").prefix());
        for (String[] bad : List.of(new String[] {"--storage-url=no scheme"}, new String[] {"--cache-url=6379"},
                new String[] {"--prefix=Upper"}, new String[] {"--prefix=a_b"}, new String[] {"--prefix="},
                new String[] {"--prefix=" + "p".repeat(32)})) {
            var invalid = assertInstanceOf(Cli.Invalid.class, Cli.parse(bad, Map.of()), bad[0]);
            assertEquals(2, invalid.exitCode());
        }
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[0], Map.of("HYPER_CACHE_URL", "::")));
    }

    @Test
    void anEngineUrlNoEngineServesIsOneLineAndExit1(@TempDir Path dir) {
        try (ChildProcess main = ChildProcess.java(List.of(), System.getProperty("java.class.path"),
                Main.class.getName(), List.of("--port=0", "--dir", dir.toString(), "--cache-url=nosuch://h:1"))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: no cache engine serves 'nosuch:' URLs"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }

    @Test
    void aProductionEngineUrlInTheEmbeddedOnlyBuildNamesTheBuildThatHasIt() {
        // What the embedded-only build (-Dhyper.embeddedOnly, the default image) finds: the embedded cache alone.
        List<CacheProvider> embeddedOnly = ServiceLoader.load(CacheProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains(EngineProvider.EMBEDDED))
                .toList();
        assertEquals(1, embeddedOnly.size());
        var refused = assertThrows(IllegalArgumentException.class,
                () -> Wiring.provider(embeddedOnly, Service.CACHE, URI.create("redis://h:6379")));
        assertEquals("no cache engine serves 'redis:' URLs: this build has the embedded engines only"
                + " (-Dhyper.embeddedOnly); the production engines come with the release tarball and the image built"
                + " with --build-arg VARIANT=production",
                refused.getMessage());
    }

    @Test
    void idleTimeoutFromEnvironmentThenFlag() {
        assertEquals(Duration.ofSeconds(60), run(Map.of()).idleTimeout());
        assertEquals(Duration.ofMinutes(5), run(Map.of("HYPER_IDLE_TIMEOUT", "5m")).idleTimeout());
        assertEquals(Duration.ofSeconds(2), run(Map.of("HYPER_IDLE_TIMEOUT", "5m"), "--idle-timeout=2").idleTimeout());
        for (String bad : List.of("0", "500ms", "1441m", "soon")) {
            assertEquals(2, assertInstanceOf(Cli.Invalid.class,
                    Cli.parse(new String[] {"--idle-timeout=" + bad}, Map.of())).exitCode(), bad);
        }
    }

    @Test
    void queryTimeoutFromEnvironmentThenFlag() {
        assertEquals(Duration.ofSeconds(5), run(Map.of()).queryTimeout());
        assertEquals(Duration.ofMillis(1500), run(Map.of("HYPER_QUERY_TIMEOUT", "1500ms")).queryTimeout());
        assertEquals(Duration.ofMinutes(2),
                run(Map.of("HYPER_QUERY_TIMEOUT", "1s"), "--query-timeout=2m").queryTimeout());
        assertEquals(Duration.ofSeconds(30), run(Map.of(), "--query-timeout", "30").queryTimeout(),
                "a bare number is seconds");
        for (String bad : List.of("0", "0ms", "-1s", "5h", "1.5s", "5 s", "fast", "", "1441m")) {
            var invalid = assertInstanceOf(Cli.Invalid.class,
                    Cli.parse(new String[] {"--query-timeout=" + bad}, Map.of()));
            assertEquals(2, invalid.exitCode());
            assertTrue(invalid.message().startsWith("--query-timeout must be a time from 1ms to 24h"),
                    invalid.message());
        }
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[0], Map.of("HYPER_QUERY_TIMEOUT", "soon")));
        assertEquals(Duration.ofHours(24), run(Map.of(), "--query-timeout=1440m").queryTimeout());
        assertTrue(Cli.HELP.contains("--query-timeout"));
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
        var unknown = assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--prot=7000"}, Map.of()));
        assertEquals("unknown flag --prot (see --help)", unknown.message());
        assertEquals(2, unknown.exitCode());
        var stray = assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"7000"}, Map.of()));
        assertEquals(2, stray.exitCode());
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

    @Test
    void versionComesFromTheBuild() {
        assertTrue(Main.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), Main.VERSION);
    }

    @Test
    void aBusyPortIsOneLineAndANonZeroExit(@TempDir Path dir) throws Exception {
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ChildProcess main = ChildProcess.java(List.of(), System.getProperty("java.class.path"),
                        Main.class.getName(), List.of("--dir", dir.toString(), "--port",
                                String.valueOf(busy.getLocalPort())))) {
            int exit = main.waitFor(Duration.ofSeconds(60)); // must not keep running without a listener
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: port " + busy.getLocalPort() + " is in use"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }

    @Test
    void anUnknownFlagExitsWith2(@TempDir Path dir) {
        try (ChildProcess main = ChildProcess.java(List.of(), System.getProperty("java.class.path"),
                Main.class.getName(), List.of("--prot=7000", "--dir", dir.toString()))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            assertEquals(2, exit, main.output());
            assertTrue(main.output().contains("[ERROR] unknown flag --prot"), main.output());
        }
    }

    @Test
    void authFromFlagsOrEnvironment() {
        SecurityOptions none = run(Map.of()).security();
        assertEquals(Optional.empty(), none.authSecret());
        SecurityOptions env = run(Map.of("HYPER_SECRET", "s", "HYPER_SUB", "key")).security();
        assertEquals(Optional.of("s"), env.authSecret());
        assertEquals(Optional.of("key"), env.authSub());
        SecurityOptions flags = run(Map.of("HYPER_SECRET", "s"), "--auth-secret=t", "--auth-sub", "k").security();
        assertEquals(Optional.of("t"), flags.authSecret());
        assertEquals(Optional.of("k"), flags.authSub());
        assertEquals(Optional.empty(), run(Map.of(), "--auth-secret", "t").security().authSub());
        var subOnly = assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--auth-sub=k"}, Map.of()));
        assertEquals(2, subOnly.exitCode());
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--auth-secret="}, Map.of()));
        assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--auth-secret"}, Map.of()));
        assertTrue(Cli.HELP.contains("--auth-secret") && Cli.HELP.contains("HYPER_SECRET"));
    }

    @Test
    void signingKeyAndTrustProxy() {
        SecurityOptions defaults = run(Map.of()).security();
        assertEquals(Optional.empty(), defaults.signingKey());
        assertFalse(defaults.trustProxy());
        assertEquals(Optional.of("0123456789abcdef"), run(Map.of(), "--signing-key=0123456789abcdef").security().signingKey());
        assertEquals(Optional.of("from-the-environment"),
                run(Map.of("HYPER_SIGNING_KEY", "from-the-environment")).security().signingKey());
        var tooShort = assertInstanceOf(Cli.Invalid.class, Cli.parse(new String[] {"--signing-key=short"}, Map.of()));
        assertEquals(2, tooShort.exitCode());
        assertTrue(run(Map.of(), "--trust-proxy").security().trustProxy());
        assertTrue(run(Map.of("HYPER_TRUST_PROXY", "true")).security().trustProxy());
    }

    @Test
    void theStartupLogSaysWhetherAuthIsOn(@TempDir Path dir) {
        try (TestServer.Child off = TestServer.child(dir.resolve("off"))) {
            Poll.until(() -> off.log().contains("[INFO] browser pages allowed"), "the start-up lines");
            assertTrue(off.log().contains("[INFO] auth: off"), off.log());
        }
        try (TestServer.Child on = TestServer.child(dir.resolve("on"), "--auth-secret", "hush-hush", "--auth-sub",
                "app")) {
            Poll.until(() -> on.log().contains("[INFO] browser pages allowed"), "the start-up lines");
            assertTrue(on.log().contains("[INFO] auth: on"), on.log());
            assertTrue(on.log().contains("http://app:<secret>@127.0.0.1:"), on.log());
            assertFalse(on.log().contains("hush-hush"), "the secret is never printed");
            assertEquals(401, on.get("/cache").status());
        }
    }
}
