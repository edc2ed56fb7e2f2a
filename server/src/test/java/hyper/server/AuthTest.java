package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hyper.testing.Http;
import hyper.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auth-secret}/{@code --auth-sub}: every route but {@code GET /} and {@code GET /health} needs a bearer
 * JWT, HS256, signed with the secret, not expired, with the configured {@code sub}; anything else is a 401 that
 * changes nothing.
 */
class AuthTest {

    private static final String SECRET = "s3cret-for-tests";
    private static final String SUB = "app-key";
    /**
     * Made by hyper-connect 0.12.0 itself (its jose {@code SignJWT}, as for {@code http://app-key:s3cret-for-tests@...}):
     * header {@code {"alg":"HS256"}}, payload {@code {"sub":"app-key","exp":1796170712}}, ten minutes after it was made.
     */
    private static final String HYPER_CONNECT_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAta2V5IiwiZXhwIjoxNzk2MTcwNzEyfQ"
            + ".LrorCen9Pf0aq5b5eA5MXsF4F-GvXck0hyIdQ8ZV6bE";
    private static final long MADE_AT = 1796170712L - 600;
    private static final String NOT_AUTHORIZED = "{\"ok\":false,\"status\":401,\"msg\":\"not authorized\"}";

    @TempDir
    static Path dir;
    private static final TestClock CLOCK = new TestClock(Instant.ofEpochSecond(MADE_AT));
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(withAuth(dir, Optional.of(SUB)), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerOptions withAuth(Path dir, Optional<String> sub) {
        return TestServer.options(dir).withSecurity(SecurityOptions.none().withAuth(SECRET, sub));
    }

    private static long now() {
        return CLOCK.instant().getEpochSecond();
    }

    private static String token(long exp) {
        return Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":" + exp + "}", SECRET);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Http.Reply as(Http http, String authorization, String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }

    private static void assertRefused(String authorization) {
        Http.Reply reply = as(server, authorization, "PUT", "/cache/refused");
        assertEquals(401, reply.status(), authorization);
        assertEquals(NOT_AUTHORIZED, reply.text(), authorization);
        assertEquals("Bearer", reply.header("WWW-Authenticate"));
        // nothing changed: the store does not exist for a caller with a valid token
        assertEquals(404, as(server, "Bearer " + token(now() + 60), "GET", "/cache/refused/_query").status());
    }

    @Test
    void aTokenMadeByHyperConnectIsAccepted() {
        assertEquals(201, as(server, "Bearer " + HYPER_CONNECT_TOKEN, "PUT", "/cache/connect").status());
        assertEquals(200, server.get("/cache/connect/_query", bearer(HYPER_CONNECT_TOKEN)).status());
        assertEquals(201, as(server, "bearer " + HYPER_CONNECT_TOKEN, "PUT", "/data/connect").status(),
                "the scheme is case-insensitive");
    }

    @Test
    void theAdminApiNeedsATokenLikeEveryServiceRoute() {
        String valid = "Bearer " + token(now() + 60);
        assertEquals(201, as(server, valid, "PUT", "/cache/kept-by-admin").status());
        for (String[] route : new String[][] {{"GET", "/_admin/stores"}, {"GET", "/_admin/cache/kept-by-admin"},
                {"POST", "/_admin/reset"}, {"GET", "/_admin/export"}, {"POST", "/_admin/import"}}) {
            Http.Reply reply = as(server, null, route[0], route[1]);
            assertEquals(401, reply.status(), route[1]);
            assertEquals(NOT_AUTHORIZED, reply.text(), route[1]);
        }
        assertEquals(200, as(server, valid, "GET", "/_admin/cache/kept-by-admin").status(), "nothing was reset");
        assertEquals(200, as(server, valid, "GET", "/_admin/stores").status());
    }

    @Test
    void aMissingOrMalformedTokenIs401() {
        for (String header : new String[] {null, "", "null", "Bearer", "Bearer ", "Basic YXBwLWtleTpzM2NyZXQ=",
                HYPER_CONNECT_TOKEN, "Bearer a.b", "Bearer a.b.c.d", "Bearer !!!.###.$$$", "Bearer e30.e30.",
                "Bearer " + Jwts.encode("not json") + "." + Jwts.encode("{}") + ".AAAA",
                "Bearer " + HYPER_CONNECT_TOKEN + "x", "Bearer x" + "A".repeat(9000)}) {
            assertRefused(header);
        }
    }

    @Test
    void aWrongSignatureIs401() {
        String other = Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":" + (now() + 600) + "}", "another-secret");
        assertRefused("Bearer " + other);
        String[] parts = token(now() + 600).split("\\.");
        char last = parts[2].charAt(0);
        assertRefused("Bearer " + parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1));
        String longer = Jwts.encode("{\"sub\":\"" + SUB + "\",\"exp\":" + (now() + 6000) + "}");
        assertRefused("Bearer " + parts[0] + "." + longer + "." + parts[2]);
        assertRefused("Bearer " + parts[0] + "." + parts[1] + ".");
    }

    @Test
    void onlyHs256IsAccepted() {
        String claims = "{\"sub\":\"" + SUB + "\",\"exp\":" + (now() + 600) + "}";
        assertRefused("Bearer " + Jwts.encode("{\"alg\":\"none\"}") + "." + Jwts.encode(claims) + ".");
        assertRefused("Bearer " + Jwts.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Jwts.encode(claims) + "."
                + token(now() + 600).split("\\.")[2]);
        assertRefused("Bearer " + Jwts.sign("{\"alg\":\"HS512\"}", claims, SECRET, "HmacSHA512"));
        assertRefused("Bearer " + Jwts.sign("{\"alg\":\"HS384\"}", claims, SECRET, "HmacSHA384"));
        assertRefused("Bearer " + Jwts.sign("{\"alg\":\"hs256\"}", claims, SECRET, "HmacSHA256"));
        assertRefused("Bearer " + Jwts.sign("{}", claims, SECRET, "HmacSHA256"));
        assertRefused("Bearer " + Jwts.sign("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", claims, SECRET,
                "HmacSHA256"));
        // Deno's hyper-connect adds "type":"JWT"; a typ is fine too
        assertEquals(201, as(server, "Bearer " + Jwts.sign("{\"alg\":\"HS256\",\"type\":\"JWT\"}", claims, SECRET,
                "HmacSHA256"), "PUT", "/cache/typed").status());
    }

    @Test
    void anExpiredOrNotYetValidTokenIs401() {
        assertRefused("Bearer " + token(now() - 31));
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":\"" + SUB + "\"}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":\"" + (now() + 600) + "\"}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":null}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":" + (now() + 600) + ",\"nbf\":"
                + (now() + 120) + "}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("[1,2]", SECRET));
        // a little clock skew is tolerated
        assertEquals(201, as(server, "Bearer " + token(now() - 10), "PUT", "/cache/skewed").status());
        assertEquals(201, as(server, "Bearer " + Jwts.hs256("{\"sub\":\"" + SUB + "\",\"exp\":" + (now() + 600)
                + ".5,\"nbf\":" + (now() + 10) + "}", SECRET), "PUT", "/cache/nbf").status());
    }

    @Test
    void theConfiguredSubIsRequired() {
        long exp = now() + 600;
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":\"someone-else\",\"exp\":" + exp + "}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("{\"exp\":" + exp + "}", SECRET));
        assertRefused("Bearer " + Jwts.hs256("{\"sub\":[\"" + SUB + "\"],\"exp\":" + exp + "}", SECRET));
    }

    @Test
    void withoutAConfiguredSubAnySubIsAccepted(@TempDir Path own) {
        try (TestServer anySub = TestServer.start(withAuth(own, Optional.empty()), CLOCK)) {
            String someone = Jwts.hs256("{\"sub\":\"someone\",\"exp\":" + (now() + 600) + "}", SECRET);
            assertEquals(201, as(anySub, "Bearer " + someone, "PUT", "/cache/any").status());
            assertEquals(401, as(anySub, null, "PUT", "/cache/none").status());
        }
    }

    @Test
    void aTokenStopsWorkingWhenItExpires(@TempDir Path own) {
        TestClock clock = new TestClock(Instant.ofEpochSecond(MADE_AT));
        try (TestServer expiring = TestServer.start(withAuth(own, Optional.of(SUB)), clock)) {
            assertEquals(201, as(expiring, "Bearer " + HYPER_CONNECT_TOKEN, "PUT", "/cache/a").status());
            clock.advance(Duration.ofSeconds(600 + 29));
            assertEquals(201, as(expiring, "Bearer " + HYPER_CONNECT_TOKEN, "PUT", "/cache/b").status());
            clock.advance(Duration.ofSeconds(2));
            Http.Reply late = as(expiring, "Bearer " + HYPER_CONNECT_TOKEN, "PUT", "/cache/c");
            assertEquals(401, late.status());
            assertEquals(NOT_AUTHORIZED, late.text());
        }
    }

    @Test
    void theInfoDocumentHealthAndPreflightsNeedNoToken() {
        assertEquals("hyper", server.get("/").json().path("name").asText());
        server.get("/health").assertOk(200);
        assertEquals(200, as(server, null, "HEAD", "/health").status());
        assertEquals(200, as(server, null, "HEAD", "/").status());
        assertEquals(204, server.send(HttpRequest.newBuilder(server.uri("/cache/x"))
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).status());
    }

    @Test
    void everyOtherRouteNeedsOneInEitherUrlForm() {
        for (String route : List.of("GET /cache", "GET /data", "GET /storage", "GET /search", "GET /queue",
                "POST /", "PUT /health", "GET /nothing/here", "PUT /data/d", "GET /data/d/1", "POST /search/i/_query",
                "GET /storage/b/o.png", "POST /storage/b/o.png", "DELETE /queue/q", "PUT /my-app/cache/c",
                "GET /my-app/data/default/42")) {
            String[] r = route.split(" ");
            Http.Reply reply = as(server, null, r[0], r[1]);
            assertEquals(401, reply.status(), route);
            assertEquals(NOT_AUTHORIZED, reply.text(), route);
        }
        assertEquals(201, as(server, "Bearer " + token(now() + 600), "PUT", "/my-app/cache/cloud").status());
    }
}
