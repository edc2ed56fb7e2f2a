package hyper.core.engine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What an adapter is opened with.
 *
 * @param url the engine's URL ({@code embedded:local} for the built-in engine)
 * @param dataDir the server's data directory: an embedded engine keeps its files there, under its own
 *     name ({@code cache.db}, {@code data/} ...)
 * @param clock the time the adapter reads (TTLs, retries), so tests can move it
 * @param prefix put before every engine-side name, so several apps share one engine; empty for the
 *     embedded engines, which are this server's alone
 * @param queryTimeout how long one query may run before it is stopped
 * @param background whether the adapter may work on its own: deliver queued jobs, sweep expired entries.
 *     False when the stores are opened by the offline {@code export}/{@code import} commands, which must
 *     read and write them without acting on them (a READY job stays READY for the server's next start)
 */
public record EngineSettings(URI url, Path dataDir, Clock clock, String prefix, Duration queryTimeout,
        boolean background) {

    public EngineSettings {
        Objects.requireNonNull(url);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(prefix);
        Objects.requireNonNull(queryTimeout);
    }

    /** Settings of a serving adapter, which works in the background. */
    public EngineSettings(URI url, Path dataDir, Clock clock, String prefix, Duration queryTimeout) {
        this(url, dataDir, clock, prefix, queryTimeout, true);
    }

    /** The URL's scheme in lower case. */
    public String scheme() {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the built-in engine. */
    public boolean embedded() {
        return EngineProvider.EMBEDDED.equals(scheme());
    }
}
