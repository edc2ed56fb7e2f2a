package hyper.server;

import java.nio.file.Path;
import java.util.List;

/** The search route suite on the embedded engine (Lucene). */
class SearchRoutesTest extends SearchRoutesContract {

    @Override
    ServerOptions options(Path dir) {
        return TestServer.options(dir);
    }

    @Override
    List<String> childFlags() {
        return List.of();
    }
}
