package hyper.storage;

import hyper.core.engine.EngineSettings;
import hyper.core.engine.StorageProvider;
import java.util.Set;

import static hyper.core.engine.EngineProvider.EMBEDDED;

/** The embedded storage: a folder per bucket under {@code storage/} in the data directory. */
public final class FileSystemStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(EMBEDDED);
    }

    @Override
    public FileSystemStorage open(EngineSettings settings) {
        return new FileSystemStorage(settings.dataDir().resolve("storage"));
    }
}
