package hyper.server;

import hyper.core.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a hyper-nano server starts.
 *
 * @param host interface to listen on: {@code 127.0.0.1} by default, so nothing off this machine reaches
 *     it; {@code 0.0.0.0} = all (the image passes it)
 * @param port TCP port; 0 picks a free one
 * @param dataDir where every service keeps its files
 * @param domain the name bootstrapping creates ({@code /data/<domain>}, {@code /cache/<domain>} ...)
 * @param experimental allows bootstrapping
 * @param bootstrap services to create at start-up: any of DATA, CACHE, STORAGE
 * @param purge services to delete before they are created (a subset of {@code bootstrap})
 * @param dataUrl a MongoDB connection string to use instead of the embedded engine
 * @param corsOrigins web origins allowed besides this machine's pages; {@code *} allows every origin
 * @param maxConnections open HTTP connections at most; 0 chooses from the file-descriptor limit
 * @param queryTimeout how long one data query may run before it is stopped and answered 503; at most
 *     {@link #MAX_QUERY_TIMEOUT}
 * @param security auth and the other opt-in protections
 */
public record ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental,
        Set<Service> bootstrap, Set<Service> purge, Optional<String> dataUrl, List<String> corsOrigins,
        int maxConnections, Duration queryTimeout, SecurityOptions security) {

    /** Options without auth or other opt-in protections. */
    public ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental, Set<Service> bootstrap,
            Set<Service> purge, Optional<String> dataUrl, List<String> corsOrigins, int maxConnections,
            Duration queryTimeout) {
        this(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections,
                queryTimeout, SecurityOptions.none());
    }

    /** The default port of hyper nano. */
    public static final int DEFAULT_PORT = 6363;

    public ServerOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(domain);
        bootstrap = Set.copyOf(bootstrap);
        purge = Set.copyOf(purge);
        Objects.requireNonNull(dataUrl);
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (choose) or more: " + maxConnections);
        }
        Objects.requireNonNull(queryTimeout);
        Objects.requireNonNull(security);
        if (queryTimeout.compareTo(Duration.ofMillis(1)) < 0 || queryTimeout.compareTo(MAX_QUERY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the query timeout must be between 1ms and 24h: " + queryTimeout);
        }
    }

    /** The default time limit of one data query. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** The longest time limit of one data query (MongoDB's {@code maxTimeMS} must fit 32 bits). */
    public static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(24);

    /** The default interface: loopback, so a local server is no open door on the network. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Port 6363 on loopback, data in {@code ./__hyper__}, domain {@code test}, no bootstrapping, browser
     * pages of this machine only, 5 s per data query.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, Path.of("__hyper__"), "test", false, Set.of(), Set.of(),
                Optional.empty(), List.of(), 0, DEFAULT_QUERY_TIMEOUT, SecurityOptions.none());
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    public ServerOptions withDataDir(Path dataDir) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    public ServerOptions withDomain(String domain) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    /** Creates these services of the domain at start-up (allows bootstrapping, like --experimental). */
    public ServerOptions withBootstrap(Set<Service> services, Set<Service> purge) {
        return new ServerOptions(host, port, dataDir, domain, true, services, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    public ServerOptions withDataUrl(String dataUrl) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge,
                Optional.ofNullable(dataUrl), corsOrigins, maxConnections, queryTimeout, security);
    }

    /** Allows these web origins besides this machine's pages ({@code *}: every origin, as the original). */
    public ServerOptions withCorsOrigins(List<String> corsOrigins) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    /** Caps open HTTP connections (0: half the file-descriptor limit, at most 1000). */
    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    /** Stops a data query that runs longer than {@code queryTimeout}. */
    public ServerOptions withQueryTimeout(Duration queryTimeout) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }

    /** Auth and the other opt-in protections. */
    public ServerOptions withSecurity(SecurityOptions security) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, queryTimeout, security);
    }
}
