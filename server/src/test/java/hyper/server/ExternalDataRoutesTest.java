package hyper.server;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same route suite with the data URL pointing at a separately started MongoDB: the one named by the
 * environment variable {@code HYPER_TEST_MONGO_URL} when set (a real MongoDB), otherwise a second
 * mongo-java-server of this test's own, reached only through its connection string.
 */
class ExternalDataRoutesTest extends DataRoutesContract {

    @TempDir
    static Path dir;

    private MongoServer mongo;

    @Override
    TestServer startServer() {
        String url = System.getenv("HYPER_TEST_MONGO_URL");
        if (url == null || url.isBlank()) {
            mongo = new MongoServer(H2Backend.inMemory());
            mongo.bind(new InetSocketAddress("127.0.0.1", 0));
            url = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/hyper_external_test";
        }
        return TestServer.start(TestServer.options(dir).withDataUrl(url));
    }

    @AfterAll
    void stopMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }
}
