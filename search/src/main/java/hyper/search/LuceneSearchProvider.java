package hyper.search;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.SearchProvider;
import java.util.Set;

import static hyper.core.engine.EngineProvider.EMBEDDED;

/** The embedded search: a Lucene index per hyper index under {@code search/} in the data directory. */
public final class LuceneSearchProvider implements SearchProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(EMBEDDED);
    }

    @Override
    public LuceneSearch open(EngineSettings settings) {
        return new LuceneSearch(settings.dataDir().resolve("search"));
    }
}
