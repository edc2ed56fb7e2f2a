package hyper.server;

import hyper.core.Service;
import hyper.core.Services;
import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.engine.CacheProvider;
import hyper.core.engine.DataProvider;
import hyper.core.engine.EngineProvider;
import hyper.core.engine.EngineSettings;
import hyper.core.engine.QueueProvider;
import hyper.core.engine.SearchProvider;
import hyper.core.engine.StorageProvider;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one place that puts an engine behind each port: the provider whose scheme matches the service's URL
 * ({@code --cache-url redis://...}), or the embedded engine when there is none. Providers are found with
 * {@link ServiceLoader}, so adding an engine means adding a module, not editing this class.
 */
final class Wiring {

    private static final URI EMBEDDED = URI.create(EngineProvider.EMBEDDED + ":local");

    private Wiring() {}

    /**
     * Opens the adapter of each service. They open in parallel; if one fails, the others are closed again
     * and the failure is thrown.
     */
    static Services open(ServerOptions options, Clock clock) {
        return open(options, clock, true);
    }

    /**
     * As {@link #open(ServerOptions, Clock)}; {@code background} false opens the stores for the offline
     * commands, which read and write them without acting on them (no queue delivery).
     */
    static Services open(ServerOptions options, Clock clock, boolean background) {
        // Providers are chosen before anything opens, so a URL no engine serves fails at once.
        var cache = provider(CacheProvider.class, Service.CACHE, options);
        var data = provider(DataProvider.class, Service.DATA, options);
        var storage = provider(StorageProvider.class, Service.STORAGE, options);
        var search = provider(SearchProvider.class, Service.SEARCH, options);
        var queue = provider(QueueProvider.class, Service.QUEUE, options);
        Future<CachePort> openCache;
        Future<DataPort> openData;
        Future<StoragePort> openStorage;
        Future<SearchPort> openSearch;
        Future<QueuePort> openQueue;
        try (ExecutorService open = Executors.newVirtualThreadPerTaskExecutor()) {
            openCache = open.submit(() -> cache.open(settings(Service.CACHE, options, clock, background)));
            openData = open.submit(() -> data.open(settings(Service.DATA, options, clock, background)));
            openStorage = open.submit(() -> storage.open(settings(Service.STORAGE, options, clock, background)));
            openSearch = open.submit(() -> search.open(settings(Service.SEARCH, options, clock, background)));
            openQueue = open.submit(() -> queue.open(settings(Service.QUEUE, options, clock, background)));
        }
        List<Future<? extends AutoCloseable>> all = List.of(openCache, openData, openStorage, openSearch, openQueue);
        RuntimeException failure = null;
        for (Future<? extends AutoCloseable> adapter : all) {
            if (adapter.state() == Future.State.FAILED) {
                RuntimeException e = unchecked(adapter.exceptionNow());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            for (Future<? extends AutoCloseable> adapter : all) {
                if (adapter.state() == Future.State.SUCCESS) {
                    try {
                        adapter.resultNow().close();
                    } catch (Exception e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            throw failure;
        }
        return new Services(openCache.resultNow(), openData.resultNow(), openStorage.resultNow(),
                openSearch.resultNow(), openQueue.resultNow());
    }

    private static EngineSettings settings(Service service, ServerOptions options, Clock clock, boolean background) {
        URI url = options.engineUrl(service).orElse(EMBEDDED);
        boolean embedded = url == EMBEDDED;
        return new EngineSettings(url, options.dataDir(), clock, embedded ? "" : options.prefix(),
                options.queryTimeout(), background);
    }

    /** The provider serving this service's URL scheme; a clear refusal naming the schemes there are. */
    static <P extends EngineProvider<?>> P provider(Class<P> kind, Service service, ServerOptions options) {
        URI url = options.engineUrl(service).orElse(EMBEDDED);
        // The class loader, not the module layer: an application may run the server from its class path.
        return provider(ServiceLoader.load(kind, Wiring.class.getClassLoader()), service, url);
    }

    /** The provider among {@code providers} serving {@code url}'s scheme, or the refusal to start. */
    static <P extends EngineProvider<?>> P provider(Iterable<P> providers, Service service, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (P provider : providers) {
            if (provider.schemes().contains(scheme)) {
                return provider;
            }
            known.addAll(provider.schemes());
        }
        known.remove(EngineProvider.EMBEDDED);
        String name = service.name().toLowerCase(Locale.ROOT);
        if (known.isEmpty()) {
            // The build without the production engines (-Dhyper.embeddedOnly: the default image).
            throw new IllegalArgumentException("no " + name + " engine serves '" + scheme + ":' URLs: this build"
                    + " has the embedded engines only (-Dhyper.embeddedOnly); the production engines come with the release"
                    + " tarball and the image built with --build-arg VARIANT=production");
        }
        throw new IllegalArgumentException("no " + name + " engine serves '" + scheme + ":' URLs (--" + name
                + "-url takes " + String.join(":, ", known) + ":)");
    }

    static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
