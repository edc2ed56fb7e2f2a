package hyper.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A local server is no hole in the developer's machine: loopback only, and browser pages of this machine only. */
class SecureDefaultsTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void listensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", ServerOptions.defaults().host());
    }

    @Test
    void pagesOfThisMachineMayCallAndGetTheirOriginBack() {
        for (String origin : List.of("http://localhost:3000", "http://127.0.0.1:5173", "https://localhost",
                "http://[::1]:8080")) {
            var reply = server.get("/", Map.of("Origin", origin));
            assertEquals(200, reply.status(), origin);
            assertEquals(origin, reply.header("Access-Control-Allow-Origin"));
            assertEquals("true", reply.header("Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void aForeignPageCanNeitherReadNorWrite() {
        server.put("/cache/private").assertOk(201);
        server.post("/cache/private", "{\"key\":\"secret\",\"value\":{\"n\":1}}").assertOk(201);

        var read = server.get("/cache/private/secret", Map.of("Origin", "https://evil.example"));
        assertEquals(403, read.status());
        assertNull(read.header("Access-Control-Allow-Origin"));
        assertTrue(read.json().path("msg").asText().startsWith("origin not allowed"));

        // A "simple" cross-site POST needs no preflight: it must not reach the cache either.
        var write = server.send(HttpRequest.newBuilder(server.uri("/cache/private/secret"))
                .header("Origin", "https://evil.example").header("Content-Type", "text/plain")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, write.status());
        assertEquals(1, server.get("/cache/private/secret").json().path("n").asInt(), "the value survives");

        for (String origin : List.of("null", "http://localhost.evil.example", "http://127.0.0.1.nip.io",
                "file://", "http://localhost:3000/path")) {
            assertEquals(403, server.get("/", Map.of("Origin", origin)).status(), origin);
        }
    }

    @Test
    void preflightOfAForeignPageIsRefusedAndOfALocalPageAnswered() {
        var refused = server.send(HttpRequest.newBuilder(server.uri("/cache/x"))
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "DELETE")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, refused.status());
        assertNull(refused.header("Access-Control-Allow-Methods"));

        var local = server.send(HttpRequest.newBuilder(server.uri("/cache/x"))
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Private-Network", "true")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, local.status());
        assertEquals("http://localhost:3000", local.header("Access-Control-Allow-Origin"));
        assertEquals("true", local.header("Access-Control-Allow-Private-Network"));
    }

    @Test
    void clientsWithoutAnOriginSeeTheOriginalHeaders() {
        var reply = server.get("/");
        assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        assertFalse(reply.response().headers().allValues("Vary").contains("Origin"));
    }

    @Test
    void corsOriginsAddPagesAndStarOpensToAll(@TempDir Path one, @TempDir Path two) {
        try (TestServer listed = TestServer.start(TestServer.options(one)
                .withCorsOrigins(List.of("https://app.example")))) {
            assertEquals("https://app.example",
                    listed.get("/", Map.of("Origin", "https://app.example")).header("Access-Control-Allow-Origin"));
            assertEquals(200, listed.get("/", Map.of("Origin", "http://localhost:1")).status());
            assertEquals(403, listed.get("/", Map.of("Origin", "https://other.example")).status());
        }
        try (TestServer open = TestServer.start(TestServer.options(two)
                .withCorsOrigins(List.of("*")))) {
            var reply = open.get("/", Map.of("Origin", "https://anything.example"));
            assertEquals(200, reply.status());
            assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void theDataDirectoryIsTheOwnersOnly(@TempDir Path parent) {
        Path dir = parent.resolve("new").resolve("__hyper__");
        try (TestServer own = TestServer.start(TestServer.options(dir))) {
            own.put("/cache/private").assertOk(201);
            assertEquals("rwx------", assertDoesNotThrow(() -> java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir))));
        }
    }
}
