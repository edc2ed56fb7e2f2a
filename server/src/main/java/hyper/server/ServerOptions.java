package hyper.server;

import hyper.core.Service;
import java.nio.file.Path;
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
 * @param security auth and the other opt-in protections
 */
public record ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental,
        Set<Service> bootstrap, Set<Service> purge, Optional<String> dataUrl, List<String> corsOrigins, int maxConnections,
        SecurityOptions security) {

    /** Options without auth or other opt-in protections. */
    public ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental, Set<Service> bootstrap,
            Set<Service> purge, Optional<String> dataUrl, List<String> corsOrigins, int maxConnections) {
        this(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections,
                SecurityOptions.none());
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
        Objects.requireNonNull(security);
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (choose) or more: " + maxConnections);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    /** The default interface: loopback, so a local server is no open door on the network. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Port 6363 on loopback, data in {@code ./__hyper__}, domain {@code test}, no bootstrapping, browser
     * pages of this machine only.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, Path.of("__hyper__"), "test", false, Set.of(), Set.of(),
                Optional.empty(), List.of(), 0, SecurityOptions.none());
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    public ServerOptions withDataDir(Path dataDir) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    public ServerOptions withDomain(String domain) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    /** Creates these services of the domain at start-up (allows bootstrapping, like --experimental). */
    public ServerOptions withBootstrap(Set<Service> services, Set<Service> purge) {
        return new ServerOptions(host, port, dataDir, domain, true, services, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    public ServerOptions withDataUrl(String dataUrl) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge,
                Optional.ofNullable(dataUrl), corsOrigins, maxConnections, security);
    }

    /** Caps open HTTP connections (0: half the file-descriptor limit, at most 1000). */
    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, security);
    }

    /** Allows these web origins besides this machine's pages ({@code *}: every origin, as the original). */
    public ServerOptions withCorsOrigins(List<String> corsOrigins) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins, maxConnections, security);
    }

    /** Auth and the other opt-in protections. */
    public ServerOptions withSecurity(SecurityOptions security) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl, corsOrigins,
                maxConnections, security);
    }
}
