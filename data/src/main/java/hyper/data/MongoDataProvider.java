package hyper.data;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.DataProvider;
import java.util.Set;

import static hyper.core.engine.EngineProvider.EMBEDDED;

/**
 * Data on the embedded engine (files under {@code data/} in the data directory) or on the MongoDB a
 * {@code mongodb://} or {@code mongodb+srv://} connection string names.
 */
public final class MongoDataProvider implements DataProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(EMBEDDED, "mongodb", "mongodb+srv");
    }

    @Override
    public MongoData open(EngineSettings settings) {
        return settings.embedded()
                ? MongoData.embedded(settings.dataDir().resolve("data"), settings.queryTimeout())
                : MongoData.external(settings.url().toString(), settings.queryTimeout());
    }
}
