package hyper.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import hyper.client.DownloadResult;
import hyper.client.Hyper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Bootstrapped services, seed files, other domains, and the mistakes the extension explains. */
@HyperNanoTest(domain = "movies", services = {"data", "cache", "storage"}, seed = "/movies-seed.json")
class OptionsTest {

    @Test
    void servicesAreBootstrappedAndTheSeedLoaded(Hyper hyper) {
        assertEquals("movies", hyper.connection().domain());
        assertEquals(409, hyper.data().create().status(), "bootstrapped");
        assertEquals(Map.of("_id", "dune", "type", "movie", "title", "Dune", "year", 1984), hyper.data().get("dune").doc());
        assertEquals(Map.of("title", "Dune"), hyper.cache().get("movie-dune").doc());
        assertEquals("dune", hyper.search().query("dune").matches().getFirst().id());
        try (DownloadResult readme = hyper.storage().download("notes/readme.txt")) {
            assertEquals("seeded", new String(readme.bytes(), StandardCharsets.UTF_8));
        }
    }

    @Nested
    class NestedClasses {
        @Test
        void shareTheServerOfTheirClass(Hyper hyper) {
            assertEquals("movies", hyper.connection().domain());
            assertTrue(hyper.data().get("dune").ok());
        }
    }

    @Samples.Sample
    @HyperNanoTest(services = "queue")
    static class QueueCannotBeBootstrapped {
        @Test
        void never() {}
    }

    @Samples.Sample
    @HyperNanoTest(seed = "/no-such-seed.json")
    static class MissingSeed {
        @Test
        void never() {}
    }

    @Samples.Sample
    @HyperNanoTest(lifecycle = HyperNanoTest.Lifecycle.PER_TEST)
    static class PerTestServerInBeforeAll {
        @BeforeAll
        static void before(Hyper hyper) {}

        @Test
        void never() {}
    }

    private static Events containerEvents(Class<?> sample) {
        return Samples.engine().selectors(selectClass(sample)).execute().containerEvents();
    }

    @Test
    void searchAndQueueCannotBeBootstrapped() {
        containerEvents(QueueCannotBeBootstrapped.class).assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("cannot bootstrap queue"))));
    }

    @Test
    void aMissingSeedIsExplained() {
        containerEvents(MissingSeed.class).assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("no-such-seed.json"))));
    }

    @Test
    void aPerTestServerIsNotThereBeforeAll() {
        containerEvents(PerTestServerInBeforeAll.class).assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ParameterResolutionException.class), message(m -> m.contains("PER_TEST"))));
    }
}
