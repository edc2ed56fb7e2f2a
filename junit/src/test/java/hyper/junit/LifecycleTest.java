package hyper.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import hyper.client.Hyper;
import hyper.server.HyperNano;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension's lifecycles, run on sample test classes through the JUnit engine: what each sample saw
 * (port, data directory, what was stored) is recorded and checked here. The samples are nested classes,
 * which the build does not run on their own; they are ordered because ordering is what they observe.
 */
class LifecycleTest {

    /** What a sample test saw. */
    record Seen(String test, int port, Path dataDir, boolean sawEarlierData) {}

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private static EngineExecutionResults run(Class<?>... samples) {
        SEEN.clear();
        var request = Samples.engine();
        for (Class<?> sample : samples) {
            request.selectors(selectClass(sample));
        }
        EngineExecutionResults results = request.execute();
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0));
        return results;
    }

    private static Seen record(String test, HyperNano server, Hyper hyper) {
        boolean earlier = hyper.cache().get("earlier").ok();
        hyper.cache().create();
        hyper.cache().set("earlier", Map.of("by", test)).orThrow();
        Seen seen = new Seen(test, server.port(), server.options().dataDir(), earlier);
        SEEN.add(seen);
        return seen;
    }

    @Samples.Sample
    @HyperNanoTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassSample {
        @Test
        @Order(1)
        void first(HyperNano server, Hyper hyper) {
            record("first", server, hyper);
        }

        @Test
        @Order(2)
        void second(HyperNano server, Hyper hyper) {
            record("second", server, hyper);
        }
    }

    @Test
    void perClassSharesOneServerAndItsData() {
        run(PerClassSample.class);
        assertEquals(2, SEEN.size());
        assertEquals(SEEN.get(0).port(), SEEN.get(1).port());
        assertFalse(SEEN.get(0).sawEarlierData());
        assertTrue(SEEN.get(1).sawEarlierData());
        assertFalse(Files.exists(SEEN.get(0).dataDir()), "the data directory is deleted after the class");
    }

    @Samples.Sample
    @HyperNanoTest(reset = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ResetSample {
        static Hyper fromBeforeAll;

        @BeforeAll
        static void keep(Hyper hyper) {
            fromBeforeAll = hyper;
        }

        @Test
        @Order(1)
        void first(HyperNano server, Hyper hyper) {
            record("first", server, hyper);
        }

        @Test
        @Order(2)
        void second(HyperNano server, Hyper hyper) {
            record("second", server, hyper);
            // the client injected before all tests still reaches the fresh server
            assertTrue(fromBeforeAll.cache().get("earlier").ok());
        }
    }

    @Test
    void resetGivesEachTestAFreshServerOnTheSamePort() {
        run(ResetSample.class);
        assertEquals(SEEN.get(0).port(), SEEN.get(1).port());
        assertNotEquals(SEEN.get(0).dataDir(), SEEN.get(1).dataDir());
        assertFalse(SEEN.get(1).sawEarlierData());
        assertFalse(Files.exists(SEEN.get(0).dataDir()));
        assertFalse(Files.exists(SEEN.get(1).dataDir()));
    }

    @Samples.Sample
    @HyperNanoTest(lifecycle = HyperNanoTest.Lifecycle.PER_TEST)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestSample {
        private final Hyper fromConstructor;
        private URI fromBeforeEach;

        PerTestSample(Hyper hyper) {
            this.fromConstructor = hyper;
        }

        @BeforeEach
        void before(URI connection) {
            fromBeforeEach = connection;
        }

        @Test
        @Order(1)
        void first(HyperNano server, Hyper hyper) {
            assertTrue(hyper == fromConstructor, "the constructor gets the test's server");
            assertEquals(server.url() + "/test", fromBeforeEach.toString());
            record("first", server, hyper);
        }

        @Test
        @Order(2)
        void second(HyperNano server, Hyper hyper) {
            assertTrue(hyper == fromConstructor);
            record("second", server, hyper);
        }
    }

    @Test
    void perTestStartsAServerForEachTest() {
        run(PerTestSample.class);
        assertNotEquals(SEEN.get(0).port(), SEEN.get(1).port());
        assertFalse(SEEN.get(1).sawEarlierData());
        assertFalse(Files.exists(SEEN.get(0).dataDir()));
    }

    /** Both samples wait for each other: they pass only if their classes run at the same time. */
    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    @Samples.Sample
    @HyperNanoTest
    static class ParallelSampleA {
        @Test
        void meets(HyperNano server, Hyper hyper) throws Exception {
            record("a", server, hyper);
            BOTH_RUNNING.await(30, TimeUnit.SECONDS);
        }
    }

    @Samples.Sample
    @HyperNanoTest
    static class ParallelSampleB {
        @Test
        void meets(HyperNano server, Hyper hyper) throws Exception {
            record("b", server, hyper);
            BOTH_RUNNING.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void parallelClassesRunOnServersOfTheirOwn() {
        BOTH_RUNNING.reset();
        SEEN.clear();
        Samples.engine()
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(ParallelSampleA.class), selectClass(ParallelSampleB.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0).port(), SEEN.get(1).port());
        assertFalse(SEEN.get(0).sawEarlierData() || SEEN.get(1).sawEarlierData());
    }

    static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger MOST_RUNNING = new java.util.concurrent.atomic.AtomicInteger();

    @Samples.Sample
    @HyperNanoTest
    static class ConcurrentMethodsSample {
        private static void overlap(Hyper hyper) throws InterruptedException {
            MOST_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            hyper.info().services();
            Thread.sleep(200);
            RUNNING.decrementAndGet();
        }

        @Test
        void one(Hyper hyper) throws Exception {
            overlap(hyper);
        }

        @Test
        void two(Hyper hyper) throws Exception {
            overlap(hyper);
        }

        @Test
        void three(Hyper hyper) throws Exception {
            overlap(hyper);
        }
    }

    @Test
    void theTestsOfOneClassRunOneAtATimeEvenWhenMethodsMayRunConcurrently() {
        MOST_RUNNING.set(0);
        Samples.engine()
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .selectors(selectClass(ConcurrentMethodsSample.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(3));
        assertEquals(1, MOST_RUNNING.get());
    }

    @Samples.Sample
    @ExtendWith(HyperNanoExtension.class)
    static class PlainExtensionSample {
        static HyperNano fromBeforeAll;

        @BeforeAll
        static void before(HyperNano server) {
            fromBeforeAll = server;
        }

        @AfterAll
        static void after(HyperNano server) {
            assertTrue(server == fromBeforeAll);
        }

        @Test
        void domainTest(URI connection, Hyper hyper, @HyperDomain("other") Hyper other, @HyperDomain("other") URI otherUri) {
            assertTrue(connection.toString().endsWith("/test"));
            assertEquals("test", hyper.connection().domain());
            assertEquals("other", other.connection().domain());
            assertTrue(otherUri.toString().endsWith("/other"));
            assertTrue(hyper.info().services().ok());
        }
    }

    @Test
    void extendWithAloneGivesTheDefaults() {
        run(PlainExtensionSample.class);
    }
}
