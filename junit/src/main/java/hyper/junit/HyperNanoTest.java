package hyper.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs the test class against an in-process hyper-nano server on a free port with a temporary data
 * directory, and injects it into constructors, lifecycle methods and tests as a {@code hyper.client.Hyper}
 * (connected to {@link #domain()}), a {@code java.net.URI} (its connection string) or the
 * {@code hyper.server.HyperNano} itself.
 *
 * <pre>{@code
 * @HyperNanoTest(services = {"data", "cache"})
 * class MovieCatalogueTest {
 *     @Test
 *     void addsAMovie(Hyper hyper) {
 *         assertTrue(hyper.data().add(Map.of("_id", "dune", "title", "Dune")).ok());
 *     }
 * }
 * }</pre>
 *
 * <p>With JUnit's parallel execution, the tests of one class still run one after the other (they share a
 * server and its data); different classes run in parallel, each on a server of its own. Equivalent to
 * {@code @ExtendWith(HyperNanoExtension.class)} with these settings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HyperNanoExtension.class)
@ResourceLock(providers = HyperNanoExtension.OneTestAtATime.class)
public @interface HyperNanoTest {

    /** When a server is started. */
    enum Lifecycle {
        /** One server for every test of the class, started before the first ({@code @BeforeAll}) one. */
        PER_CLASS,
        /** A server of its own for each test, with its own data; a port of its own too. */
        PER_TEST
    }

    /** One server per class (default), or one per test. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /**
     * With {@link Lifecycle#PER_CLASS}: give each test empty stores again. hyper has no route that deletes
     * everything, so the server is restarted on the same port with a new data directory (clients and URLs
     * already injected stay valid), then bootstrapped and seeded again.
     */
    boolean reset() default false;

    /** The domain the injected {@code Hyper} and URI use, and that {@link #services()} creates. */
    String domain() default "test";

    /**
     * The stores of {@link #domain()} to create at start-up, as the server's {@code --data --cache
     * --storage} flags do: any of {@code "data"}, {@code "cache"}, {@code "storage"}. (The server cannot
     * bootstrap {@code search} or {@code queue}: an index needs its fields and a queue its target. A seed
     * file can create an index.)
     */
    String[] services() default {};

    /**
     * A JSON file to load into {@link #domain()} after start-up (and after each reset): a class-path
     * resource ({@code "/movies-seed.json"} or relative to the test class) or a file path. Its members,
     * all optional:
     *
     * <pre>{@code
     * {
     *   "data":    [ {"_id": "dune", "title": "Dune"} ],            // database created, documents added
     *   "cache":   { "movie-dune": {"title": "Dune"} },             // store created, keys set
     *   "search":  { "fields": ["title"], "storeFields": ["title"],  // index created, documents loaded
     *                "docs": [ {"id": "dune", "title": "Dune"} ] },
     *   "storage": { "notes/readme.txt": "text of the object" }    // bucket created, objects uploaded
     * }
     * }</pre>
     */
    String seed() default "";
}
