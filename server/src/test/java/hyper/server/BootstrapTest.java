package hyper.server;

import hyper.core.Service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up creation and purging of the domain's stores. */
class BootstrapTest {

    @TempDir
    Path dir;

    @Test
    void createsTheDomainStoreAndToleratesAnExistingOne() {
        ServerOptions options = TestServer.options(dir).withDomain("movies").withBootstrap(Set.of(Service.CACHE), Set.of());
        try (TestServer server = TestServer.start(options)) {
            server.post("/cache/movies", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
            assertTrue(server.hyper().bootstrapLog().contains("[INFO] Created cache service in movies domain"));
        }
        try (TestServer server = TestServer.start(options)) {
            assertEquals(1, server.get("/cache/movies/a").json().path("n").asInt(), "409 on create is success");
        }
    }

    @Test
    void purgeEmptiesTheStoreFirst() {
        ServerOptions create = TestServer.options(dir).withBootstrap(Set.of(Service.CACHE), Set.of());
        try (TestServer server = TestServer.start(create)) {
            server.post("/cache/test", "{\"key\":\"a\",\"value\":{\"n\":1}}").assertOk(201);
        }
        try (TestServer server = TestServer.start(create.withBootstrap(Set.of(Service.CACHE), Set.of(Service.CACHE)))) {
            server.get("/cache/test/a").assertError(404);
            server.get("/cache/test/_query").assertOk(200);
        }
    }

    @Test
    void bootstrappingWithoutExperimentalIsRefused() {
        ServerOptions options = ServerOptions.defaults().toBuilder().port(0).dataDir(dir).experimental(false)
                .bootstrap(Set.of(Service.CACHE)).build();
        var e = assertThrows(HyperException.class, () -> HyperNano.start(options));
        assertEquals("the --experimental flag must be set", e.getMessage());
    }

    @Test
    void aServiceThatCannotOpenStopsStartUpAndReleasesTheOthers() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("cache.db")); // SQLite cannot open a folder
        assertThrows(RuntimeException.class, () -> HyperNano.start(TestServer.options(dir)));
        java.nio.file.Files.delete(dir.resolve("cache.db"));
        // the data engine's file lock and the queue's database were released: a new start succeeds
        try (TestServer server = TestServer.start(dir)) {
            server.put("/data/after").assertOk(201);
            server.put("/cache/after").assertOk(201);
        }
    }

    @Test
    void theFirstAnswerComesOnlyOnceTheBootstrappedStoresExist() throws Exception {
        int port = hyper.testing.Ports.free();
        ServerOptions options = TestServer.options(dir).withPort(port)
                .withBootstrap(Set.of(Service.DATA, Service.CACHE, Service.STORAGE), Set.of());
        var starting = java.util.concurrent.CompletableFuture.supplyAsync(() -> HyperNano.start(options));
        var client = java.net.http.HttpClient.newHttpClient();
        java.net.URI health = java.net.URI.create("http://127.0.0.1:" + port + "/health");
        int status = -1;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (status != 200 && System.nanoTime() < deadline) {
            try {
                status = client.send(java.net.http.HttpRequest.newBuilder(health).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException notListeningYet) {
                Thread.sleep(5);
            }
        }
        assertEquals(200, status);
        try (HyperNano hyper = starting.get()) {
            for (String store : new String[] {"/data/test", "/cache/test", "/storage/test"}) {
                int exists = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + store)).PUT(
                        java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                assertEquals(409, exists, store + " exists once the server answers");
            }
        }
    }
}
