package hyper.core.engine;

import java.util.Set;

/**
 * Opens the adapter of one service on the engine a URL names. The server finds providers with
 * {@link java.util.ServiceLoader} and picks one by the URL's scheme, so it names no engine itself; each
 * adapter module declares its provider in its {@code module-info} ({@code provides ... with ...}).
 *
 * <p>{@link #open} connects, checks credentials and the engine's version, and throws if the engine cannot
 * serve: the server must not answer before every engine is usable.
 *
 * @param <P> the port the adapter implements
 */
public interface EngineProvider<P extends AutoCloseable> {

    /** The scheme of the built-in engine, used when no URL is given: it keeps its files in the data directory. */
    String EMBEDDED = "embedded";

    /** The URL schemes this engine serves, lower case (e.g. {@code redis}, {@code rediss}). */
    Set<String> schemes();

    /**
     * Opens the adapter.
     *
     * @throws hyper.core.HyperException or {@link IllegalArgumentException} with a message a person can act on
     *     (no stack trace is shown) when the URL is wrong or the engine is unreachable
     */
    P open(EngineSettings settings);
}
