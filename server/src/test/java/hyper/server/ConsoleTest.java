package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.testing.Http;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's files ({@code GET /_console/...}) and its request log ({@code GET /_admin/requests}), over HTTP
 * against the real server. The page itself is driven in a real browser by console-tests/.
 */
class ConsoleTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    // ---- the files

    @Test
    void theConsoleWithoutItsSlashRedirectsToIt() {
        Http.Reply reply = server.get("/_console").assertStatus(301);
        assertEquals("/_console/", reply.header("Location"));
    }

    @Test
    void thePageIsHtmlRevalidatedByItsEtag() {
        Http.Reply page = server.get("/_console/").assertStatus(200);
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.text().contains("<script type=\"module\" src=\"console.js\">"), page.text());
        assertEquals("no-cache", page.header("Cache-Control"));
        String etag = page.header("ETag");
        assertNotNull(etag);
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'self'"));
        Http.Reply again = server.get("/_console/", Map.of("If-None-Match", etag)).assertStatus(304);
        assertEquals(0, again.bytes().length);
        server.get("/_console/", Map.of("If-None-Match", "\"other\"")).assertStatus(200);
        assertEquals(page.text(), server.get("/_console/index.html").text());
    }

    @Test
    void scriptsAndStylesCarryTheirTypes() {
        assertEquals("text/javascript; charset=utf-8",
                server.get("/_console/console.js").assertStatus(200).header("Content-Type"));
        assertEquals("text/javascript; charset=utf-8",
                server.get("/_console/api.js").assertStatus(200).header("Content-Type"));
        assertEquals("text/css; charset=utf-8",
                server.get("/_console/console.css").assertStatus(200).header("Content-Type"));
    }

    @Test
    void anUnknownFileIsTheNotFoundEnvelope() {
        for (String path : List.of("/_console/nope.js", "/_console/console.JS", "/_console/ConsoleRoutes.class",
                "/_console/module-info.class", "/_console/sub/nope.css", "/_console/.hidden.js")) {
            assertEquals("not found", server.get(path).assertError(404).msg(), path);
        }
    }

    @Test
    void aPathThatClimbsOutIsRefused() {
        for (String path : List.of("/_console/..%2Fopenapi.json", "/_console/%2e%2e%2fopenapi.json",
                "/_console/..%2F..%2Fhyper%2Fhttp%2Fopenapi.json", "/_console/x%2F..%2F..%2Fmodule-info.class",
                "/_console/..%5Cconsole.js", "/_console/%2Fetc%2Fpasswd")) {
            Http.Reply reply = server.get(path);
            assertTrue(reply.status() == 400 || reply.status() == 404, path + ": " + reply.text());
            reply.assertError(reply.status());
            assertFalse(reply.text().contains("\"openapi\""), path);
        }
        // the raw form never reaches the route: the path is normalised or refused before it
        String raw = server.raw("GET /_console/../http/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertFalse(raw.contains("\"openapi\""), raw);
    }

    // ---- the request log

    @Test
    void theLogListsRequestsInOrderAndPollsFromASequenceNumber() {
        long before = server.get("/_admin/requests?limit=1").assertOk(200).json().path("last").asLong();
        server.put("/cache/console-log").assertOk(201);
        server.get("/cache/console-log/missing").assertError(404);
        server.get("/no/such/route").assertError(404);

        JsonNode page = server.get("/_admin/requests?after=" + before).assertOk(200).json();
        List<String> seen = new ArrayList<>();
        long previous = before;
        for (JsonNode request : page.path("requests")) {
            assertEquals(previous + 1, request.path("seq").asLong(), page::toString);
            previous = request.path("seq").asLong();
            seen.add(request.path("method").asText() + " " + request.path("path").asText() + " "
                    + request.path("route").asText() + " " + request.path("status").asInt());
            assertTrue(request.path("ms").isNumber(), request::toString);
            assertTrue(Instant.parse(request.path("at").asText()).isBefore(Instant.now().plusSeconds(1)));
        }
        assertEquals(List.of("PUT /cache/console-log /cache/{name} 201",
                "GET /cache/console-log/missing /cache/{name}/{key} 404",
                "GET /no/such/route unmatched 404"), seen);
        assertEquals(previous, page.path("last").asLong());
        assertFalse(page.path("missed").asBoolean());
        // nothing new: the poll itself is not logged
        JsonNode empty = server.get("/_admin/requests?after=" + previous).assertOk(200).json();
        assertEquals(0, empty.path("requests").size(), empty::toString);
        assertEquals(previous, empty.path("last").asLong());
    }

    @Test
    void theConsoleFilesAreNotLogged() {
        long before = server.get("/_admin/requests?limit=1").json().path("last").asLong();
        server.get("/_console/").assertStatus(200);
        server.get("/_console/console.js").assertStatus(200);
        server.get("/_console/nope.js").assertStatus(404);
        server.get("/health").assertStatus(200);
        JsonNode page = server.get("/_admin/requests?after=" + before).json();
        assertEquals(1, page.path("requests").size(), page::toString);
        assertEquals("/health", page.path("requests").get(0).path("path").asText());
    }

    @Test
    void theLogPagesByLimit() {
        long before = server.get("/_admin/requests?limit=1").json().path("last").asLong();
        for (int i = 0; i < 5; i++) {
            server.get("/health?n=" + i).assertStatus(200);
        }
        JsonNode first = server.get("/_admin/requests?limit=2&after=" + before).json();
        assertEquals(2, first.path("requests").size());
        long after = first.path("requests").get(1).path("seq").asLong();
        assertEquals(before + 2, after);
        assertEquals(before + 5, first.path("last").asLong());
        JsonNode rest = server.get("/_admin/requests?limit=10&after=" + after).json();
        assertEquals(3, rest.path("requests").size());
        // the query (which may carry a signature) is never logged
        assertEquals("/health", rest.path("requests").get(0).path("path").asText());
    }

    @Test
    void badArgumentsAreTheInvalidArgumentsEnvelope() {
        assertEquals("Invalid Arguments 'after': Number must be a non-negative integer.",
                server.get("/_admin/requests?after=-1").assertError(422).msg());
        server.get("/_admin/requests?after=x").assertError(422);
        server.get("/_admin/requests?limit=0").assertError(422);
        server.get("/_admin/requests?limit=1001").assertError(422);
    }

    // ---- with auth on

    @Test
    void withAuthTheFilesArePublicAndTheLogNeedsTheToken(@TempDir Path dir) {
        String secret = "console-secret";
        try (TestServer auth = TestServer.start(TestServer.options(dir)
                .withSecurity(SecurityOptions.none().withAuth(secret, Optional.empty())))) {
            auth.get("/_console/").assertStatus(200);
            auth.get("/_console/console.js").assertStatus(200);
            auth.get("/_console/nope.js").assertError(404);
            assertEquals("not authorized", auth.get("/_admin/requests").assertError(401).msg());
            String token = Jwts.hs256("{\"sub\":\"console\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}",
                    secret);
            JsonNode page = auth.get("/_admin/requests", Map.of("Authorization", "Bearer " + token))
                    .assertOk(200).json();
            // the refused poll is not logged; the refused requests of others are
            auth.get("/_admin/stores").assertError(401);
            JsonNode later = auth.get("/_admin/requests?after=" + page.path("last").asLong(),
                    Map.of("Authorization", "Bearer " + token)).json();
            assertEquals(1, later.path("requests").size(), later::toString);
            assertEquals(401, later.path("requests").get(0).path("status").asInt());
        }
    }
}
