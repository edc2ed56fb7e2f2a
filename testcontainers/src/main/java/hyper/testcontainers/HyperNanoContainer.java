package hyper.testcontainers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The hyper-nano image in Testcontainers.
 *
 * <pre>{@code
 * @Container
 * static HyperNanoContainer nano = new HyperNanoContainer().withDomain("movies").withServices("data", "cache");
 *
 * Hyper hyper = Hyper.connect(nano.getConnectionString());   // http://localhost:<port>/movies
 * }</pre>
 *
 * <p>The default image is {@code hyper-nano:<version of this module>}, built from the project's
 * Dockerfile ({@code docker build -t hyper-nano:<version> .}). The container counts as started once the
 * server answers {@code /health}, which it does only after bootstrapping: the stores of
 * {@link #withServices} exist by then.
 */
public class HyperNanoContainer extends GenericContainer<HyperNanoContainer> {

    /** The image's repository name. */
    public static final String IMAGE = "hyper-nano";
    /** The port the server listens on inside the container. */
    public static final int PORT = 6363;
    /** The services the server can create at start-up (its {@code --data --cache --storage} flags). */
    public static final Set<String> BOOTSTRAPPED_SERVICES = Set.of("data", "cache", "storage");

    private final DockerImageName imageName;
    private String domain = "test";
    private final Set<String> services = new LinkedHashSet<>();
    private String sub;
    private String secret;

    /** A container of {@code hyper-nano:<version>}. */
    public HyperNanoContainer() {
        this(DockerImageName.parse(IMAGE).withTag(version()));
    }

    /** A container of another hyper-nano image or tag, e.g. {@code "hyper-nano:latest"}. */
    public HyperNanoContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public HyperNanoContainer(DockerImageName image) {
        super(image);
        this.imageName = image;
        withExposedPorts(PORT);
        // any answer means the server is up and has bootstrapped (with credentials, /health may be a 401)
        waitingFor(Wait.forHttp("/health").forPort(PORT).forStatusCodeMatching(status -> status < 500)
                .withStartupTimeout(Duration.ofSeconds(60)));
    }

    /** The project version this module was built with: the default image tag. */
    public static String version() {
        try (InputStream in = HyperNanoContainer.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(Objects.requireNonNull(in, "version.properties is missing from the jar"));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The domain the connection string names and {@link #withServices} creates ({@code test} by default). */
    public HyperNanoContainer withDomain(String domain) {
        if (domain == null || domain.isBlank() || domain.contains("/")) {
            throw new IllegalArgumentException("a domain is one path segment: " + domain);
        }
        this.domain = domain;
        return self();
    }

    /**
     * Creates these stores of the domain at start-up: any of {@code "data"}, {@code "cache"},
     * {@code "storage"} (the server's {@code --experimental --domain <d> --data --cache --storage}).
     *
     * @throws IllegalArgumentException for another service: the server cannot bootstrap a search index
     *     (it needs its fields) or a queue (its target)
     */
    public HyperNanoContainer withServices(String... services) {
        for (String s : services) {
            String service = s.strip().toLowerCase(Locale.ROOT);
            if (!BOOTSTRAPPED_SERVICES.contains(service)) {
                throw new IllegalArgumentException("hyper-nano bootstraps data, cache and storage, not " + s
                        + " (an index needs its fields, a queue its target: create them with a client)");
            }
            this.services.add(service);
        }
        return self();
    }

    /**
     * Makes the server accept only requests signed for {@code sub} with {@code secret} (environment
     * {@code HYPER_SUB}, {@code HYPER_SECRET}); the connection string then carries them, so hyper clients
     * sign their requests. Both must be URL-safe ({@code A-Z a-z 0-9 . _ ~ -}): hyper clients sign with the
     * credentials as they are written in the connection string.
     */
    public HyperNanoContainer withAuth(String sub, String secret) {
        for (String s : new String[] {sub, secret}) {
            if (s == null || !s.matches("[A-Za-z0-9._~-]+")) {
                throw new IllegalArgumentException("withAuth needs a subject and a secret of A-Z a-z 0-9 . _ ~ -");
            }
        }
        this.sub = sub;
        this.secret = secret;
        return self();
    }

    @Override
    protected void configure() {
        super.configure();
        setCommand(commandParts().toArray(String[]::new));
        if (sub != null) {
            withEnv("HYPER_SUB", sub);
            withEnv("HYPER_SECRET", secret);
        }
    }

    /** The server's flags for the options given. */
    List<String> commandParts() {
        List<String> args = new ArrayList<>();
        if (!services.isEmpty()) {
            args.add("--experimental");
            args.add("--domain=" + domain);
            services.forEach(s -> args.add("--" + s));
        }
        return args;
    }

    /** The image this container runs (without resolving it, unlike {@link #getDockerImageName()}). */
    public DockerImageName getImageName() {
        return imageName;
    }

    /** The domain. */
    public String getDomain() {
        return domain;
    }

    /** The subject of {@link #withAuth}, if any. */
    public Optional<String> getAuthSub() {
        return Optional.ofNullable(sub);
    }

    /** {@code http://<host>:<mapped port>}: the server's root, for raw HTTP. */
    public String getBaseUrl() {
        return "http://" + getHost() + ":" + getMappedPort(PORT);
    }

    /**
     * {@code http://[sub:secret@]<host>:<mapped port>/<domain>}: for {@code Hyper.connect} and hyper-connect.
     */
    public String getConnectionString() {
        String credentials = sub == null ? "" : sub + ":" + secret + "@";
        return "http://" + credentials + getHost() + ":" + getMappedPort(PORT) + "/" + domain;
    }
}
