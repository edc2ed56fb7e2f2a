package hyper.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import hyper.testing.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
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
    void healthcheckOfTheImagePasses() throws Exception {
        // read from the container: podman's Docker API leaves it out of the image's inspect document
        HealthCheck check = docker().inspectContainerCmd(server.getContainerId()).exec().getConfig().getHealthcheck();
        assertNotNull(check, "the image has no HEALTHCHECK");
        List<String> test = check.getTest();
        assertEquals("CMD", test.getFirst(), "exec-form HEALTHCHECK expected: " + test);
        ExecResult result = server.execInContainer(test.subList(1, test.size()).toArray(String[]::new));
        assertEquals(0, result.getExitCode(), "healthcheck failed: " + result.getStderr());
        InspectImageResponse image = docker().inspectImageCmd(Artefacts.IMAGE).exec();
        assertEquals(List.of(DATA_DIR), List.copyOf(image.getConfig().getVolumes().keySet()));
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
                // docker stop: SIGTERM, then SIGKILL after 10 s. A clean stop ends by the JVM's own
                // shutdown (exit 143 = SIGTERM handled), well within the timeout, not by the kill (137).
                long started = System.nanoTime();
                docker().stopContainerCmd(first.getContainerId()).withTimeout(10).exec();
                long stopMillis = (System.nanoTime() - started) / 1_000_000;
                Long exit = docker().inspectContainerCmd(first.getContainerId()).exec().getState().getExitCodeLong();
                String logs = first.getLogs();
                assertEquals(143L, exit, "exit code after docker stop; logs:\n" + logs);
                assertTrue(stopMillis < 8_000, "docker stop took " + stopMillis + " ms");
                assertTrue(logs.contains("stopping hyper nano"), logs);
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
}
