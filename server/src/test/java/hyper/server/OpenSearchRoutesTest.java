package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.Service;
import hyper.testing.ChildProcess;
import hyper.testing.OpenSearchServer;
import hyper.testing.Poll;
import hyper.testing.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search route suite on a server started with {@code --search-url http://127.0.0.1:PORT}, on a real
 * OpenSearch; then the 503 envelope while the engine is away and the recovery when it is back, and the
 * start-up refusal for an engine that cannot be reached.
 */
class OpenSearchRoutesTest extends SearchRoutesContract {

    private static final String PREFIX = "routes";
    private static final String UNAVAILABLE =
            "service unavailable: the search engine cannot be reached; try again later";

    private final OpenSearchServer engine = OpenSearchServer.shared();

    @Override
    ServerOptions options(Path dir) {
        return TestServer.options(dir).withEngineUrl(Service.SEARCH, URI.create(engine.url()))
                .toBuilder().prefix(PREFIX).build();
    }

    @Override
    List<String> childFlags() {
        return List.of("--search-url=" + engine.url(), "--prefix=" + PREFIX);
    }

    @Test
    void aLostEngineAnswers503UntilItIsBack() {
        server.put("/search/lost", "{\"fields\":[\"t\"],\"storeFields\":[\"t\"]}").assertOk(201);
        server.post("/search/lost", "{\"key\":\"k\",\"doc\":{\"t\":\"kept words\"}}").assertOk(201);
        engine.stop();
        try {
            for (String[] call : List.of(new String[] {"GET", "/search/lost/k", null},
                    new String[] {"POST", "/search/lost/_query", "{\"query\":\"kept\"}"},
                    new String[] {"PUT", "/search/other", "{\"fields\":[\"t\"]}"},
                    new String[] {"POST", "/search/lost", "{\"key\":\"j\",\"doc\":{\"t\":\"x\"}}"},
                    new String[] {"DELETE", "/search/lost/k", null})) {
                assertEquals(UNAVAILABLE, server.send(call[0], call[1], call[2]).assertError(503).msg(),
                        call[0] + " " + call[1]);
            }
        } finally {
            engine.restart();
        }
        // The same server serves again once the engine has recovered its indexes, with what it acknowledged.
        Poll.until(Duration.ofSeconds(90), () -> server.post("/search/lost/_query", "{\"query\":\"kept\"}").status() == 200,
                "the search answers again");
        assertEquals("kept words", server.get("/search/lost/k").json().path("doc").path("t").asText());
        server.post("/search/lost", "{\"key\":\"j\",\"doc\":{\"t\":\"new words\"}}").assertOk(201);
    }

    @Test
    void anUnreachableEngineStopsTheStartWithOneLine(@org.junit.jupiter.api.io.TempDir Path dir) {
        int closed = Ports.free();
        try (ChildProcess main = ChildProcess.java(List.of("--enable-native-access=ALL-UNNAMED"),
                System.getProperty("java.class.path"), Main.class.getName(), List.of("--port=0", "--dir",
                        dir.toString(), "--search-url=http://app:secret@127.0.0.1:" + closed))) {
            int exit = main.waitFor(Duration.ofSeconds(60));
            String out = main.output();
            assertEquals(1, exit, out);
            assertTrue(out.contains("[ERROR] cannot start: cannot reach the search engine at http://127.0.0.1:"
                    + closed), out);
            assertFalse(out.contains("Exception"), out);
            assertFalse(out.contains("secret"), out);
            assertFalse(TestServer.Child.LISTENING.matcher(out).find(), out);
        }
    }
}
