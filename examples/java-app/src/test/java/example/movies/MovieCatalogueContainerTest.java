package example.movies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import hyper.client.Hyper;
import hyper.testcontainers.HyperNanoContainer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The catalogue against the hyper-nano image, as an application would test against the real thing.
 * Runs with {@code -Pcontainers} (scripts/container-tests.sh); fails without an engine or the image when
 * {@code HYPER_REQUIRE_CONTAINERS=true}, is skipped, saying why, otherwise.
 */
@Tag("container")
class MovieCatalogueContainerTest {

    private static HyperNanoContainer nano;
    private static Hyper hyper;

    @BeforeAll
    static void start() {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (!engine) {
            String why = "no Docker-compatible engine (DOCKER_HOST; with podman also TESTCONTAINERS_RYUK_DISABLED=true)";
            if ("true".equalsIgnoreCase(System.getenv("HYPER_REQUIRE_CONTAINERS"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        nano = new HyperNanoContainer().withDomain("movies").withServices("data", "cache", "storage");
        nano.start();
        hyper = Hyper.connect(nano.getConnectionString());
    }

    @AfterAll
    static void stop() {
        if (hyper != null) {
            hyper.close();
        }
        if (nano != null) {
            nano.stop();
        }
    }

    @Test
    void addsFindsAndSearchesMovies() {
        MovieCatalogue catalogue = new MovieCatalogue(hyper);
        catalogue.createStores();
        Movie dune = new Movie("dune-1984", "Dune", 1984, "science fiction");
        catalogue.add(dune);
        assertEquals(dune, catalogue.find("dune-1984").orElseThrow());
        assertEquals(dune, catalogue.find("dune-1984").orElseThrow(), "from the cache");
        assertEquals(List.of(dune), catalogue.search("dune"));
    }
}
