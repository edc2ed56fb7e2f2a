package hyper.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the container is asked to run; needs no engine. */
class HyperNanoContainerOptionsTest {

    @Test
    void theDefaultImageIsTaggedWithTheProjectVersion() {
        assertEquals("hyper-nano:" + HyperNanoContainer.version(), new HyperNanoContainer().getImageName().asCanonicalNameString());
        assertEquals("0.1.0", HyperNanoContainer.version().replaceAll("-SNAPSHOT$", ""));
    }

    @Test
    void servicesBecomeTheBootstrapFlags() {
        try (HyperNanoContainer c = new HyperNanoContainer().withDomain("movies").withServices("data", "CACHE", "storage")) {
            assertEquals(List.of("--experimental", "--domain=movies", "--data", "--cache", "--storage"), c.commandParts());
        }
        try (HyperNanoContainer plain = new HyperNanoContainer()) {
            assertEquals(List.of(), plain.commandParts());
        }
    }

    @Test
    void searchAndQueueCannotBeBootstrapped() {
        try (HyperNanoContainer c = new HyperNanoContainer()) {
            assertThrows(IllegalArgumentException.class, () -> c.withServices("search"));
            assertThrows(IllegalArgumentException.class, () -> c.withServices("queue"));
        }
    }

    @Test
    void credentialsMustBeUrlSafe() {
        try (HyperNanoContainer c = new HyperNanoContainer()) {
            assertThrows(IllegalArgumentException.class, () -> c.withAuth("app", "a/b"));
            assertThrows(IllegalArgumentException.class, () -> c.withAuth("", "secret"));
            assertThrows(IllegalArgumentException.class, () -> c.withDomain("a/b"));
        }
    }
}
