package hyper.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of a hyper server for one domain, with hyper-connect's services and methods:
 *
 * <pre>{@code
 * try (Hyper hyper = Hyper.connect("http://127.0.0.1:6363/test")) {
 *     hyper.data().create();
 *     String id = hyper.data().add(Map.of("title", "Dune", "year", 1984)).id();
 *     Movie dune = hyper.data().get(id, Movie.class).doc();
 * }
 * }</pre>
 *
 * <p>Every call is synchronous: it sends one request and waits for the answer (a virtual thread waiting
 * here does not hold a carrier thread). A {@code Hyper} is thread-safe; keep one per domain and share it.
 * Answers are {@link HyperResult}s; see there for the one error model. Connection strings follow
 * hyper-connect's rules ({@link Connection}).
 */
public final class Hyper implements AutoCloseable {

    /** Answers must arrive within this long unless {@link Builder#timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Connections must be made within this long unless {@link Builder#connectTimeout} says otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Transport transport;
    private final HyperData data;
    private final HyperCache cache;
    private final HyperStorage storage;
    private final HyperSearch search;
    private final HyperQueue queue;
    private final HyperInfo info;

    private Hyper(Transport transport) {
        this.transport = transport;
        this.data = new HyperData(transport);
        this.cache = new HyperCache(transport);
        this.storage = new HyperStorage(transport);
        this.search = new HyperSearch(transport);
        this.queue = new HyperQueue(transport);
        this.info = new HyperInfo(transport);
    }

    /** Connects with the defaults: {@code http://host:port/<domain>}, or a {@code cloud://} string (domain {@code default}). */
    public static Hyper connect(String connectionString) {
        return builder(connectionString).build();
    }

    /** Connects to {@code domain} of a {@code cloud://} string (for http and https strings the path is the domain). */
    public static Hyper connect(String connectionString, String domain) {
        return builder(connectionString).domain(domain).build();
    }

    /** A client with options: timeouts, the {@link ObjectMapper} for documents, the {@link HttpClient}. */
    public static Builder builder(String connectionString) {
        return new Builder(connectionString);
    }

    /** Where the requests go. */
    public Connection connection() {
        return transport.connection;
    }

    /** The data service: documents. */
    public HyperData data() {
        return data;
    }

    /** The cache service: keys and values with TTL. */
    public HyperCache cache() {
        return cache;
    }

    /** The storage service: objects, streamed. */
    public HyperStorage storage() {
        return storage;
    }

    /** The search service: full-text indexes. */
    public HyperSearch search() {
        return search;
    }

    /** The queue service: jobs for a webhook. */
    public HyperQueue queue() {
        return queue;
    }

    /** The server's information route. */
    public HyperInfo info() {
        return info;
    }

    /** Closes the HTTP client if this {@code Hyper} created it (not one given to {@link Builder#httpClient}). */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "Hyper[" + transport.connection + "]";
    }

    /** hyper-connect's {@code destroy(confirm)} refuses without a request when not confirmed. */
    static void confirm(boolean confirm) {
        if (!confirm) {
            throw new IllegalArgumentException("request not confirmed!");
        }
    }

    /** The default mapper: Jackson's, ignoring document fields the caller's class does not have. */
    static ObjectMapper defaultMapper() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** Options of a {@link Hyper}. */
    public static final class Builder {

        private final String connectionString;
        private String domain = Connection.DEFAULT_DOMAIN;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private ObjectMapper mapper;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder(String connectionString) {
            this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
        }

        /** The domain of a {@code cloud://} connection string ({@code default} unless given). */
        public Builder domain(String domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /**
         * How long a call waits for the answer's status and headers (a download's body streams after
         * that); {@link Duration#ZERO} waits for ever. Default {@link Hyper#DEFAULT_TIMEOUT}.
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How long to wait for a connection; default {@link Hyper#DEFAULT_CONNECT_TIMEOUT}. Not used with {@link #httpClient}. */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * The mapper that writes and reads documents (register your modules on it). The default ignores
         * fields a class does not have. With JPMS, open the packages of your document classes to
         * {@code com.fasterxml.jackson.databind}.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * An HTTP client of your own (proxy, TLS settings, executor); {@link Hyper#close()} leaves it open.
         * hyper servers speak HTTP/1.1: build it with {@code .version(HttpClient.Version.HTTP_1_1)}.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** The clock that dates the tokens of a signed connection (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException if the connection string is not one ({@link Connection#parse}) */
        public Hyper build() {
            Connection connection = Connection.parse(connectionString, domain);
            boolean own = httpClient == null;
            HttpClient client = own
                    ? HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build()
                    : httpClient;
            return new Hyper(new Transport(connection, client, own, mapper == null ? defaultMapper() : mapper,
                    timeout, clock));
        }
    }
}
