package hyper.server;

import hyper.core.Service;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a hyper-nano server starts.
 *
 * @param host interface to listen on ({@code 0.0.0.0} = all, as the original)
 * @param port TCP port; 0 picks a free one
 * @param dataDir where every service keeps its files
 * @param domain the name bootstrapping creates ({@code /data/<domain>}, {@code /cache/<domain>} ...)
 * @param experimental allows bootstrapping
 * @param bootstrap services to create at start-up: any of DATA, CACHE, STORAGE
 * @param purge services to delete before they are created (a subset of {@code bootstrap})
 * @param dataUrl a MongoDB connection string to use instead of the embedded engine
 */
public record ServerOptions(String host, int port, Path dataDir, String domain, boolean experimental,
        Set<Service> bootstrap, Set<Service> purge, Optional<String> dataUrl) {

    /** The default port of hyper nano. */
    public static final int DEFAULT_PORT = 6363;

    public ServerOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(domain);
        bootstrap = Set.copyOf(bootstrap);
        purge = Set.copyOf(purge);
        Objects.requireNonNull(dataUrl);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    /** Port 6363 on all interfaces, data in {@code ./__hyper__}, domain {@code test}, no bootstrapping. */
    public static ServerOptions defaults() {
        return new ServerOptions("0.0.0.0", DEFAULT_PORT, Path.of("__hyper__"), "test", false, Set.of(), Set.of(),
                Optional.empty());
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl);
    }

    public ServerOptions withDataDir(Path dataDir) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl);
    }

    public ServerOptions withDomain(String domain) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge, dataUrl);
    }

    /** Creates these services of the domain at start-up (allows bootstrapping, like --experimental). */
    public ServerOptions withBootstrap(Set<Service> services, Set<Service> purge) {
        return new ServerOptions(host, port, dataDir, domain, true, services, purge, dataUrl);
    }

    public ServerOptions withDataUrl(String dataUrl) {
        return new ServerOptions(host, port, dataDir, domain, experimental, bootstrap, purge,
                Optional.ofNullable(dataUrl));
    }
}
