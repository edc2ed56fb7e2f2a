package hyper.core.engine;

import hyper.core.search.SearchPort;

/** Opens a {@link SearchPort} on the engine a URL names; see {@link EngineProvider}. */
public interface SearchProvider extends EngineProvider<SearchPort> {}
