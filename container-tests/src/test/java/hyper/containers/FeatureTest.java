package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.testing.ChildProcess;
import hyper.testing.Http;
import hyper.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devcontainer feature's install.sh, run offline from the local tarball into a temporary prefix. */
class FeatureTest {

    @TempDir
    Path root;

    private Map<String, String> installEnv(Path tarball, int port, String services) {
        Map<String, String> env = new HashMap<>();
        env.put("TARBALL", tarball.toString());
        env.put("PORT", String.valueOf(port));
        env.put("SERVICES", services);
        env.put("HYPER_NANO_PREFIX", root.resolve("usr/local/hyper-nano").toString());
        env.put("HYPER_NANO_BIN_DIR", root.resolve("usr/local/bin").toString());
        env.put("HYPER_NANO_DATA_DIR", root.resolve("var/lib/hyper-nano").toString());
        env.put("HYPER_NANO_LOG", root.resolve("hyper-nano.log").toString());
        return env;
    }

    private ChildProcess.Result install(Map<String, String> env) throws Exception {
        return ChildProcess.run(root, env, List.of("bash", Artefacts.feature().resolve("install.sh").toString()));
    }

    @Test
    void installsFromALocalTarballAndItsEntrypointStartsTheServer() throws Exception {
        Path tarball = Artefacts.tarball();
        int port = Ports.free();
        ChildProcess.Result installed = install(installEnv(tarball, port, "cache"));
        assertEquals(0, installed.exit(), installed.output());
        Path prefix = root.resolve("usr/local/hyper-nano").toRealPath();
        assertTrue(Files.size(prefix.resolve("lib/hyper-nano.aot")) > 0, "aot=true makes the AOT cache");
        assertEquals(prefix.toString(), Files.readString(prefix.resolve("lib/hyper-nano.aot.home")).trim());

        ChildProcess.Result version = ChildProcess.run(root, Map.of(),
                List.of(root.resolve("usr/local/bin/hyper-nano").toString(), "--version"));
        assertTrue(version.output().startsWith("hyper-nano "), "the bin link runs hyper-nano: " + version.output());

        Path entrypoint = root.resolve("usr/local/hyper-nano/bin/hyper-nano-start");
        ChildProcess.Result entry = ChildProcess.run(root, Map.of(), List.of(entrypoint.toString(), "echo", "command ran"));
        assertEquals(0, entry.exit(), entry.output());
        assertTrue(entry.output().contains("command ran"), "the entrypoint must exec the container's command");

        Path pidFile = root.resolve("hyper-nano.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        try {
            Http http = new Http("127.0.0.1", port);
            http.awaitHealthy(Duration.ofSeconds(30), () -> server.map(ProcessHandle::isAlive).orElse(false),
                    () -> ChildProcess.read(root.resolve("hyper-nano.log")));
            JsonNode cache = http.expect(200, "GET", "/cache", null);
            assertTrue(cache.path("stores").toString().contains("\"test\""),
                    "services=cache bootstraps store 'test': " + cache);
            http.cachePut("test", "k", 1);
            assertEquals(1, http.cacheGet("test", "k"));
            assertTrue(Files.exists(root.resolve("var/lib/hyper-nano/cache.db")), "data goes to the data dir");

            ChildProcess.Result again = ChildProcess.run(root, Map.of(), List.of(entrypoint.toString(), "true"));
            assertEquals(0, again.exit(), again.output());
            assertEquals(pid, Long.parseLong(Files.readString(pidFile).trim()),
                    "a second start must not launch another server while one answers");
        } finally {
            server.ifPresent(ProcessHandle::destroy);
            server.ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void refusesAMissingTarballAndUnknownServices() throws Exception {
        ChildProcess.Result missing = install(installEnv(root.resolve("nope.tar.gz"), 6363, ""));
        assertNotEquals(0, missing.exit());
        assertTrue(missing.output().contains("tarball not found"), missing.output());

        ChildProcess.Result unknown = install(installEnv(root.resolve("nope.tar.gz"), 6363, "cache,queue"));
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.output().contains("'queue' cannot be created"), unknown.output());
    }

    @Test
    void metadataDeclaresTheOptionsInstallShReadsAndItsEntrypoint() throws Exception {
        JsonNode feature = new ObjectMapper().readTree(Artefacts.feature().resolve("devcontainer-feature.json").toFile());
        assertEquals("hyper-nano", feature.path("id").asText());
        String script = Files.readString(Artefacts.feature().resolve("install.sh"));
        feature.path("options").fieldNames().forEachRemaining(option ->
                assertTrue(script.contains("${" + option.toUpperCase()),
                        "install.sh does not read option " + option + " as $" + option.toUpperCase()));
        assertEquals("/usr/local/hyper-nano/bin/hyper-nano-start", feature.path("entrypoint").asText());
        assertTrue(script.contains("prefix=${HYPER_NANO_PREFIX:-/usr/local/hyper-nano}"));
    }
}
