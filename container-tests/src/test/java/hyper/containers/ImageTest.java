package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.VersionComponent;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import hyper.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The image built from the Dockerfile, run as a user would run it: over its published port, as PID 1,
 * with its data in a volume, stopped with {@code docker stop}.
 */
class ImageTest {

    private static final int PORT = 6363;
    private static final String DATA_DIR = "/var/lib/hyper-nano";

    /**
     * Docker's default grace for docker stop. docker-java always sends one (10 s unless told otherwise), so
     * podman before 4.7 behaves here as Docker does: its Docker API gives a container created without a stop
     * timeout a grace of 0, and the CLI's bare {@code docker stop} then kills it at once (scripts/container-tests.sh
     * checks that path on the compose service, whose stop_grace_period sets the timeout).
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** Start period (10 s) plus a few intervals of the image's HEALTHCHECK. */
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    private static GenericContainer<?> server;
    private static Http http;

    @BeforeAll
    static void startImage() {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (!engine) {
            Artefacts.unavailable("no Docker-compatible engine found (DOCKER_HOST; with podman also set"
                    + " TESTCONTAINERS_RYUK_DISABLED=true)");
        }
        try {
            docker().inspectImageCmd(Artefacts.IMAGE).exec();
        } catch (NotFoundException e) {
            Artefacts.unavailable("image " + Artefacts.IMAGE + " not found: build it with docker build -t hyper-nano .");
        }
        server = container(null);
        server.start();
        http = new Http(server.getHost(), server.getMappedPort(PORT));
    }

    @AfterAll
    static void stopImage() {
        if (server != null) {
            server.stop();
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** A container of the image; with {@code volume}, its data directory is that named volume. */
    private static GenericContainer<?> container(String volume) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(Artefacts.IMAGE))
                .withExposedPorts(PORT)
                .waitingFor(Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60)));
        if (volume != null) {
            container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                    .withBinds(new Bind(volume, new Volume(DATA_DIR))));
        }
        return container;
    }

    private static List<String> services(Http http) {
        List<String> names = new ArrayList<>();
        http.expect(200, "GET", "/", null).path("services").forEach(s -> names.add(s.asText()));
        return names;
    }

    @Test
    void answersTheInfoDocument() {
        JsonNode info = http.expect(200, "GET", "/", null);
        assertEquals("hyper", info.path("name").asText());
        assertTrue(services(http).contains("cache"), "services: " + info);
        assertTrue(http.expect(200, "GET", "/health", null).path("ok").asBoolean());
    }

    @Test
    void cacheRoundTrip() {
        http.cachePut("image", "movie-1", 42);
        assertEquals(42, http.cacheGet("image", "movie-1"));
        http.expect(404, "GET", "/cache/image/movie-2", null);
    }

    @Test
    void dataRoundTrip() {
        http.expect(201, "PUT", "/data/image", null);
        http.expect(201, "POST", "/data/image", "{\"_id\":\"dune\",\"type\":\"movie\",\"year\":1965}");
        JsonNode doc = http.expect(200, "GET", "/data/image/dune", null);
        assertEquals(1965, doc.path("year").asInt(), doc.toString());
    }

    @Test
    void runsAsNonRootWithJavaAsPid1() throws Exception {
        ExecResult id = server.execInContainer("id", "-u");
        assertEquals("10001", id.getStdout().trim());
        ExecResult pid1 = server.execInContainer("cat", "/proc/1/cmdline");
        assertTrue(pid1.getStdout().split("\0")[0].endsWith("/runtime/bin/java"),
                "PID 1 must be java so that docker stop's SIGTERM reaches it: " + pid1.getStdout());
    }

    @Test
    void declaresTheDataVolume() {
        InspectImageResponse image = docker().inspectImageCmd(Artefacts.IMAGE).exec();
        assertEquals(List.of(DATA_DIR), List.copyOf(image.getConfig().getVolumes().keySet()));
    }

    @Test
    void healthStatusBecomesHealthy() throws Exception {
        // read from the container: podman's Docker API leaves it out of the image's inspect document
        String id = server.getContainerId();
        HealthCheck check = docker().inspectContainerCmd(id).exec().getConfig().getHealthcheck();
        assertNotNull(check, "the image has no HEALTHCHECK");
        assertEquals("CMD", check.getTest().getFirst(), "exec-form HEALTHCHECK expected: " + check.getTest());
        // Docker runs the HEALTHCHECK every interval by itself. podman schedules it with systemd timers and,
        // without systemd (as in CI), never runs it: there the test has podman run it, as
        // `podman healthcheck run` does. Either way the status is the engine's own verdict.
        boolean podman = isPodman();
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        HealthState health;
        while (true) {
            if (podman) {
                runPodmanHealthcheck(id);
            }
            health = docker().inspectContainerCmd(id).exec().getState().getHealth();
            if (health != null && "healthy".equals(health.getStatus()) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals("healthy", health == null ? null : health.getStatus(),
                "health after " + HEALTHY_WITHIN.toSeconds() + " s: " + health);
    }

    @Test
    void dataSurvivesARestartOnTheSameVolumeAndDockerStopIsClean() throws Exception {
        String volume = "hyper-nano-test-" + UUID.randomUUID();
        docker().createVolumeCmd().withName(volume).exec();
        try {
            GenericContainer<?> first = container(volume);
            first.start();
            boolean data;
            try {
                Http firstHttp = new Http(first.getHost(), first.getMappedPort(PORT));
                firstHttp.cachePut("durable", "k", 7);
                data = services(firstHttp).contains("data");
                if (data) {
                    firstHttp.expect(201, "PUT", "/data/durable", null);
                    firstHttp.expect(201, "POST", "/data/durable", "{\"_id\":\"d1\",\"n\":7}");
                }
                assertStopsCleanly(first, STOP_GRACE, Duration.ofSeconds(8));
            } finally {
                first.stop();
            }

            GenericContainer<?> second = container(volume);
            second.start();
            try {
                Http secondHttp = new Http(second.getHost(), second.getMappedPort(PORT));
                assertEquals(7, secondHttp.cacheGet("durable", "k"));
                if (data) {
                    assertEquals(7, secondHttp.expect(200, "GET", "/data/durable/d1", null).path("n").asInt());
                }
            } finally {
                second.stop();
            }
        } finally {
            docker().removeVolumeCmd(volume).exec();
        }
    }

    @Test
    void dockerStopDuringStartUpIsClean() {
        // stopped as soon as the server says it is starting, before it listens: the stores are opening
        GenericContainer<?> starting = new GenericContainer<>(DockerImageName.parse(Artefacts.IMAGE))
                .withExposedPorts(PORT)
                .waitingFor(Wait.forLogMessage(".*starting hyper nano.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        starting.start();
        try {
            // a generous grace: the stop waits for the start to finish, which is slow on a busy machine
            assertStopsCleanly(starting, Duration.ofSeconds(30), Duration.ofSeconds(30));
        } finally {
            starting.stop();
        }
    }

    /**
     * {@code docker stop} with a grace of {@code grace}: SIGTERM, then SIGKILL when the grace is over. A clean
     * stop ends by the JVM's own shutdown (exit 143 = after SIGTERM, or 0), with the shutdown line in the log,
     * within {@code within}; a kill would show as 137 and no line.
     */
    private static void assertStopsCleanly(GenericContainer<?> container, Duration grace, Duration within) {
        long started = System.nanoTime();
        docker().stopContainerCmd(container.getContainerId()).withTimeout((int) grace.toSeconds()).exec();
        long stopMillis = (System.nanoTime() - started) / 1_000_000;
        Long exit = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getExitCodeLong();
        String logs = container.getLogs();
        assertTrue(exit != null && (exit == 0 || exit == 143),
                "exit code " + exit + " after docker stop; logs:\n" + logs);
        assertTrue(logs.contains("[INFO] stopping hyper nano"), "no shutdown line in the logs:\n" + logs);
        assertTrue(stopMillis < within.toMillis(), "docker stop took " + stopMillis + " ms");
    }

    private static boolean isPodman() {
        List<VersionComponent> components = docker().versionCmd().exec().getComponents();
        return components != null && components.stream().anyMatch(c -> String.valueOf(c.getName()).contains("Podman"));
    }

    /** Has podman run the container's HEALTHCHECK now (its own API; the Docker API has no such call). */
    private static void runPodmanHealthcheck(String id) throws IOException {
        TransportConfig transport = DockerClientFactory.instance().getTransportConfig();
        try (DockerHttpClient api = new ZerodepDockerHttpClient.Builder()
                        .dockerHost(transport.getDockerHost())
                        .sslConfig(transport.getSslConfig())
                        .build();
                DockerHttpClient.Response response = api.execute(DockerHttpClient.Request.builder()
                        .method(DockerHttpClient.Request.Method.GET)
                        .path("/v4.0.0/libpod/containers/" + id + "/healthcheck")
                        .build())) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(200, response.getStatusCode(), "podman healthcheck run: " + body);
        }
    }
}
