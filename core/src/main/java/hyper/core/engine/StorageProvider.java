package hyper.core.engine;

import hyper.core.storage.StoragePort;

/** Opens a {@link StoragePort} on the engine a URL names; see {@link EngineProvider}. */
public interface StorageProvider extends EngineProvider<StoragePort> {}
