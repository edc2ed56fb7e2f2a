package hyper.cache;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.CacheProvider;
import java.util.Set;

import static hyper.core.engine.EngineProvider.EMBEDDED;

/** The embedded cache: one SQLite file, {@code cache.db}, in the data directory. */
public final class SqliteCacheProvider implements CacheProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(EMBEDDED);
    }

    @Override
    public SqliteCache open(EngineSettings settings) {
        return new SqliteCache(settings.dataDir().resolve("cache.db"), settings.clock());
    }
}
