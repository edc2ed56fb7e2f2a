package hyper.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose tests share one server on a fresh data directory, started before its first test and
 * stopped after its last. The fields are static, as the tests' helpers are; they belong to one test class
 * at a time because test classes run one after another.
 */
abstract class OneServerPerClass {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
