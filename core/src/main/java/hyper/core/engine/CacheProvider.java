package hyper.core.engine;

import hyper.core.cache.CachePort;

/** Opens a {@link CachePort} on the engine a URL names; see {@link EngineProvider}. */
public interface CacheProvider extends EngineProvider<CachePort> {}
