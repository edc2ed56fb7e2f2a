package hyper.core.engine;

import hyper.core.queue.QueuePort;

/** Opens a {@link QueuePort} on the engine a URL names; see {@link EngineProvider}. */
public interface QueueProvider extends EngineProvider<QueuePort> {}
