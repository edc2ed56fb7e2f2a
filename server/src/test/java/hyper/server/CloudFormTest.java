package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cloud URL form, {@code /<app>/<service>/<domain>/...} (what hyper-connect makes of a {@code cloud://}
 * connection string), reaches the same stores as the nano form {@code /<service>/<domain>/...}.
 */
class CloudFormTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void everyServiceAnswersInTheCloudFormWithTheSameStores() throws Exception {
        server.put("/my-app/data/default").assertOk(201);
        assertEquals("42", server.post("/my-app/data/default", "{\"_id\":\"42\",\"n\":1}").assertOk(201)
                .json().path("id").asText());
        assertEquals(1, server.get("/data/default/42").json().path("n").asInt(), "the nano form sees it");
        assertEquals(1, server.get("/my-app/data/default/42").json().path("n").asInt());
        server.put("/data/default").assertError(409);

        server.put("/my-app/cache/default").assertOk(201);
        server.put("/my-app/cache/default/k", "{\"v\":2}").assertOk(200);
        assertEquals(2, server.get("/cache/default/k").json().path("v").asInt());

        server.put("/my-app/storage/default").assertOk(201);
        server.post("/my-app/storage/default/a/b.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .assertOk(201);
        assertEquals("hello", Files.readString(server.dir().resolve("storage/default/a/b.txt")));
        assertEquals("hello", server.get("/my-app/storage/default/a/b.txt").text());

        server.put("/my-app/search/default", "{\"fields\":[\"title\"]}").assertOk(201);
        server.post("/my-app/search/default", "{\"key\":\"m1\",\"doc\":{\"title\":\"Dune\"}}").assertOk(201);
        assertEquals("m1", server.post("/search/default/_query", "{\"query\":\"dune\"}").json()
                .path("matches").path(0).path("id").asText());

        server.put("/my-app/queue/default", "{\"target\":\"http://127.0.0.1:9/none\"}").assertOk(201);
        assertTrue(server.get("/queue").json().path("queues").toString().contains("default"));
        server.delete("/my-app/queue/default").assertOk(201);
    }

    @Test
    void theCloudFormIsCaseInsensitiveLikeTheNanoForm() {
        server.put("/Shop/CACHE/orders").assertOk(201);
        server.get("/cache/orders/_query").assertOk(200);
        assertEquals("hyper63 Storage", server.get("/shop/storage").json().path("name").asText());
    }

    @Test
    void aFirstSegmentNamingAServiceOrATopLevelRouteIsTheNanoForm() {
        server.put("/data/cache").assertOk(201);
        server.post("/data/cache", "{\"_id\":\"x\"}").assertOk(201);
        assertEquals("x", server.get("/data/cache/x").json().path("_id").asText(), "document x of database cache");
        assertEquals("not found!", server.get("/health/data/x").assertError(404).msg());
    }

    @Test
    void pathsThatAreNeitherFormAreNotFound() {
        assertEquals("not found!", server.get("/my-app").assertError(404).msg());
        server.get("/my-app/health").assertError(404);
        server.get("/my-app/users/1").assertError(404);
        server.get("/a/b/data/x").assertError(404);
    }
}
