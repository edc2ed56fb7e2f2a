package hyper.server;

import hyper.core.Service;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a hyper-nano server starts. Start from {@link #defaults()} and change what differs, with a wither
 * or {@link #toBuilder()}.
 *
 * @param host interface to listen on: {@code 127.0.0.1} by default, so nothing off this machine reaches
 *     it; {@code 0.0.0.0} = all (the image passes it)
 * @param port TCP port; 0 picks a free one
 * @param dataDir where every embedded engine keeps its files
 * @param domain the name bootstrapping creates ({@code /data/<domain>}, {@code /cache/<domain>} ...)
 * @param experimental allows bootstrapping
 * @param bootstrap services to create at start-up: any of DATA, CACHE, STORAGE
 * @param purge services to delete before they are created (a subset of {@code bootstrap})
 * @param engineUrls the engine of each service that does not use its embedded one ({@code redis://...},
 *     {@code mongodb://...})
 * @param prefix put before every engine-side name on those engines, so several apps share one engine
 * @param corsOrigins web origins allowed besides this machine's pages; {@code *} allows every origin
 * @param maxConnections HTTP connections served at once (more are answered 503); 0 chooses from the
 *     file-descriptor limit
 * @param idleTimeout a connection with no new request for this long is closed, also one that is still
 *     sending the head of its request (so slow-header clients cannot hold connections)
 * @param queryTimeout how long one data query may run before it is stopped and answered 503; at most
 *     {@link #MAX_QUERY_TIMEOUT}
 * @param security auth and the other opt-in protections
 * @param logRequests print one access-log line per request on standard output
 * @param importFile a snapshot (the admin export format) merged into the stores at start, before the first
 *     request is served
 * @param exportOnExit where a clean stop writes a snapshot of every store, before the stores close
 */
public record ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental,
        Set<Service> bootstrap, Set<Service> purge, Map<Service, URI> engineUrls, String prefix,
        List<String> corsOrigins, int maxConnections, Duration idleTimeout, Duration queryTimeout,
        SecurityOptions security, boolean logRequests, Optional<Path> importFile, Optional<Path> exportOnExit) {

    /** The default port of hyper nano. */
    public static final int DEFAULT_PORT = 6363;

    /** The default time limit of one data query. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** The longest time limit of one data query (MongoDB's {@code maxTimeMS} must fit 32 bits). */
    public static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(24);

    /** The default interface: loopback, so a local server is no open door on the network. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default time after which a connection without a new request is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The default prefix of engine-side names. */
    public static final String DEFAULT_PREFIX = "hyper";

    public ServerOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(domain);
        bootstrap = Set.copyOf(bootstrap);
        purge = Set.copyOf(purge);
        engineUrls = Map.copyOf(engineUrls);
        Objects.requireNonNull(prefix);
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(queryTimeout);
        Objects.requireNonNull(security);
        Objects.requireNonNull(importFile);
        Objects.requireNonNull(exportOnExit);
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || idleTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("the idle timeout must be between 1s and 24h: " + idleTimeout);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (choose) or more: " + maxConnections);
        }
        if (queryTimeout.compareTo(Duration.ofMillis(1)) < 0 || queryTimeout.compareTo(MAX_QUERY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the query timeout must be between 1ms and 24h: " + queryTimeout);
        }
        if (!prefix.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException(
                    "the prefix must be 1 to 31 lower-case letters, digits or '-', starting with a letter or digit: "
                            + prefix);
        }
    }

    /**
     * Port 6363 on loopback, data in {@code ./__hyper__}, domain {@code test}, no bootstrapping, embedded
     * engines, browser pages of this machine only, 5 s per data query.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, Path.of("__hyper__"), "test", false, Set.of(), Set.of(),
                Map.of(), DEFAULT_PREFIX, List.of(), 0, DEFAULT_IDLE_TIMEOUT, DEFAULT_QUERY_TIMEOUT,
                SecurityOptions.none(), false, Optional.empty(), Optional.empty());
    }

    /** The MongoDB connection string data uses instead of the embedded engine, if any. */
    public Optional<String> dataUrl() {
        return engineUrl(Service.DATA).map(URI::toString);
    }

    /** The engine URL of a service, empty for its embedded engine. */
    public Optional<URI> engineUrl(Service service) {
        return Optional.ofNullable(engineUrls.get(service));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServerOptions withPort(int port) {
        return toBuilder().port(port).build();
    }

    public ServerOptions withHost(String host) {
        return toBuilder().host(host).build();
    }

    public ServerOptions withDataDir(Path dataDir) {
        return toBuilder().dataDir(dataDir).build();
    }

    public ServerOptions withDomain(String domain) {
        return toBuilder().domain(domain).build();
    }

    /** Creates these services of the domain at start-up (allows bootstrapping, like --experimental). */
    public ServerOptions withBootstrap(Set<Service> services, Set<Service> purge) {
        return toBuilder().experimental(true).bootstrap(services).purge(purge).build();
    }

    /** Data on this MongoDB ({@code null}: the embedded engine). */
    public ServerOptions withDataUrl(String dataUrl) {
        return toBuilder().engineUrl(Service.DATA, dataUrl == null ? null : URI.create(dataUrl)).build();
    }

    /** This service on the engine the URL names ({@code null}: its embedded engine). */
    public ServerOptions withEngineUrl(Service service, URI url) {
        return toBuilder().engineUrl(service, url).build();
    }

    /** Allows these web origins besides this machine's pages ({@code *}: every origin, as the original). */
    public ServerOptions withCorsOrigins(List<String> corsOrigins) {
        return toBuilder().corsOrigins(corsOrigins).build();
    }

    /** Caps open HTTP connections (0: half the file-descriptor limit, at most 1000). */
    public ServerOptions withMaxConnections(int maxConnections) {
        return toBuilder().maxConnections(maxConnections).build();
    }

    /** Stops a data query that runs longer than {@code queryTimeout}. */
    public ServerOptions withQueryTimeout(Duration queryTimeout) {
        return toBuilder().queryTimeout(queryTimeout).build();
    }

    /** Auth and the other opt-in protections. */
    public ServerOptions withSecurity(SecurityOptions security) {
        return toBuilder().security(security).build();
    }

    /** Changes several options at once; {@link #build()} checks them together. */
    public static final class Builder {
        private String host;
        private int port;
        private Path dataDir;
        private String domain;
        private boolean experimental;
        private Set<Service> bootstrap;
        private Set<Service> purge;
        private final Map<Service, URI> engineUrls = new EnumMap<>(Service.class);
        private String prefix;
        private List<String> corsOrigins;
        private int maxConnections;
        private Duration idleTimeout;
        private Duration queryTimeout;
        private SecurityOptions security;
        private boolean logRequests;
        private Optional<Path> importFile;
        private Optional<Path> exportOnExit;

        private Builder(ServerOptions from) {
            host = from.host;
            port = from.port;
            dataDir = from.dataDir;
            domain = from.domain;
            experimental = from.experimental;
            bootstrap = from.bootstrap;
            purge = from.purge;
            engineUrls.putAll(from.engineUrls);
            prefix = from.prefix;
            corsOrigins = from.corsOrigins;
            maxConnections = from.maxConnections;
            idleTimeout = from.idleTimeout;
            queryTimeout = from.queryTimeout;
            security = from.security;
            logRequests = from.logRequests;
            importFile = from.importFile;
            exportOnExit = from.exportOnExit;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder experimental(boolean experimental) {
            this.experimental = experimental;
            return this;
        }

        public Builder bootstrap(Set<Service> bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }

        public Builder purge(Set<Service> purge) {
            this.purge = purge;
            return this;
        }

        /** {@code null} puts the service back on its embedded engine. */
        public Builder engineUrl(Service service, URI url) {
            if (url == null) {
                engineUrls.remove(service);
            } else {
                engineUrls.put(service, url);
            }
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder corsOrigins(List<String> corsOrigins) {
            this.corsOrigins = corsOrigins;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
            return this;
        }

        public Builder security(SecurityOptions security) {
            this.security = security;
            return this;
        }

        /** Prints one access-log line per request on standard output. */
        public Builder logRequests(boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        /** Merges the snapshot in this file into the stores at start ({@code null}: none). */
        public Builder importFile(Path importFile) {
            this.importFile = Optional.ofNullable(importFile);
            return this;
        }

        /** Writes a snapshot of every store to this file at a clean stop ({@code null}: none). */
        public Builder exportOnExit(Path exportOnExit) {
            this.exportOnExit = Optional.ofNullable(exportOnExit);
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, engineUrls, prefix,
                    corsOrigins, maxConnections, idleTimeout, queryTimeout, security, logRequests, importFile,
                    exportOnExit);
        }
    }
}
