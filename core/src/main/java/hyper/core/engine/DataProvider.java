package hyper.core.engine;

import hyper.core.data.DataPort;

/** Opens a {@link DataPort} on the engine a URL names; see {@link EngineProvider}. */
public interface DataProvider extends EngineProvider<DataPort> {}
