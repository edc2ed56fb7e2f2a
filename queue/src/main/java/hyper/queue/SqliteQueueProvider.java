package hyper.queue;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.QueueProvider;
import java.util.Set;

import static hyper.core.engine.EngineProvider.EMBEDDED;

/** The embedded queue: one SQLite file, {@code queue.db}, in the data directory, with its delivery worker. */
public final class SqliteQueueProvider implements QueueProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(EMBEDDED);
    }

    @Override
    public SqliteQueue open(EngineSettings settings) {
        return new SqliteQueue(settings.dataDir().resolve("queue.db"), settings.clock(),
                settings.background() ? SqliteQueue.Delivery.defaults() : SqliteQueue.Delivery.none());
    }
}
