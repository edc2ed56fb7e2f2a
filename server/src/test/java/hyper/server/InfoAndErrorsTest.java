package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routes common to every service: info, unknown routes, CORS, malformed requests. */
class InfoAndErrorsTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void rootListsTheServicesOfThisServer() {
        var reply = server.get("/");
        assertEquals(200, reply.status());
        assertEquals("hyper", reply.json().path("name").asText());
        assertEquals("1.0-beta", reply.json().path("version").asText());
        assertTrue(reply.json().path("services").isArray());
        assertEquals(server.hyper().services().size(), reply.json().path("services").size());
        assertTrue(reply.header("Content-Type").startsWith("application/json"));
    }

    @Test
    void unknownRoutesAnswer404WithTheEnvelope() {
        assertEquals("not found!", server.get("/nothing/here").assertError(404).msg());
        server.send(HttpRequest.newBuilder(server.uri("/cache/x")).method("PATCH",
                HttpRequest.BodyPublishers.noBody())).assertError(404);
        server.post("/", "{}").assertError(404);
    }

    @Test
    void everyResponseCarriesTheCorsHeaders() {
        var reply = server.get("/");
        assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        assertEquals("true", reply.header("Access-Control-Allow-Credentials"));
        assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    }

    @Test
    void anyOptionsRequestIsAPreflight() {
        var reply = server.send(HttpRequest.newBuilder(server.uri("/whatever/path"))
                .header("Access-Control-Request-Headers", "x-custom")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, reply.status());
        assertEquals("GET,HEAD,PUT,PATCH,POST,DELETE", reply.header("Access-Control-Allow-Methods"));
        assertEquals("x-custom", reply.header("Access-Control-Allow-Headers"));
    }

    @Test
    void undecodablePathParametersAre400() {
        String reply = server.raw("GET /cache/test/%E0%A4%A HTTP/1.1\r\nHost: localhost");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(reply.contains("\"ok\":false") && reply.contains("\"status\":400"), reply);
    }

    @Test
    void malformedJsonIs400() {
        server.put("/cache/errs");
        assertTrue(server.post("/cache/errs", "{\"key\":").assertError(400).msg().startsWith("invalid JSON"));
        server.post("/cache/errs", "123").assertError(400);
        server.post("/cache/errs", "null").assertError(400);
        server.post("/cache/errs", "{\"a\":1} trailing").assertError(400);
    }

    @Test
    void healthAnswers() {
        server.get("/health").assertOk(200);
    }
}
