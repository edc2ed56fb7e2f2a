package hyper.data;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import hyper.core.data.DataPort;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The data port contract on an external MongoDB reached only through its connection string: the one named by
 * {@code HYPER_TEST_MONGO_URL} when set (a real MongoDB), otherwise a mongo-java-server of this test's own.
 * The contract's database names are unique per test, so every test shares the one engine.
 */
class ExternalMongoDataTest extends hyper.testing.DataPortContract {

    private static MongoServer mongo;
    private static String url;

    @BeforeAll
    static void startMongo() {
        url = System.getenv("HYPER_TEST_MONGO_URL");
        if (url == null || url.isBlank()) {
            mongo = new MongoServer(H2Backend.inMemory());
            mongo.bind(new InetSocketAddress("127.0.0.1", 0));
            url = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/hyper_contract";
        }
    }

    @AfterAll
    static void stopMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Override
    protected DataPort openPort(Path dir) {
        return MongoData.external(url);
    }
}
