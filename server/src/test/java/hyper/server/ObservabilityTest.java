package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.WebhookTarget;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** GET /openapi.json, GET /metrics and --log-requests, over HTTP against the real server. */
class ObservabilityTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    // ---- the Prometheus text format (0.0.4), line by line

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String VALUE = "(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)";
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?})? (" + VALUE + ")( -?\\d+)?");
    private static final Pattern HELP = Pattern.compile("# HELP " + NAME + " .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE " + NAME + " (counter|gauge|histogram|summary|untyped)");

    /** Every sample of a scrape, keyed by its name and labels as written; fails on a line that is no exposition line. */
    private static Map<String, Double> scrape(TestServer on) {
        return samples(on.get("/metrics"));
    }

    private static Map<String, Double> samples(Http.Reply reply) {
        reply.assertStatus(200);
        assertTrue(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"), reply.header("Content-Type"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : reply.text().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP")) {
                assertTrue(HELP.matcher(line).matches(), "a valid HELP line: " + line);
                continue;
            }
            if (line.startsWith("# TYPE")) {
                assertTrue(TYPE.matcher(line).matches(), "a valid TYPE line: " + line);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                fail("not an exposition line: " + line);
            }
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), parse(m.group(3)));
        }
        return samples;
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static double requests(Map<String, Double> samples, String method, String route, int status) {
        return samples.getOrDefault("hyper_http_requests_total{method=\"" + method + "\",route=\"" + route
                + "\",status=\"" + status + "\"}", 0.0);
    }

    // ---- OpenAPI

    @Test
    void theOpenApiDocumentIsServed() {
        var reply = server.get("/openapi.json").assertStatus(200);
        assertTrue(reply.header("Content-Type").startsWith("application/json"));
        assertTrue(reply.json().path("openapi").asText().startsWith("3.1"));
        assertTrue(reply.json().path("paths").has("/data/{db}/{id}"));
        assertEquals(200, server.send(HttpRequest.newBuilder(server.uri("/openapi.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).status());
    }

    @Test
    void withAuthOnTheDocumentIsPublicAndTheMetricsAreNot(@TempDir Path dir) {
        String secret = "observability-secret";
        try (TestServer guarded = TestServer.start(TestServer.options(dir)
                .withSecurity(SecurityOptions.none().withAuth(secret, Optional.empty())))) {
            guarded.get("/openapi.json").assertStatus(200);
            guarded.get("/metrics").assertError(401);
            String token = Jwts.hs256("{\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}", secret);
            var samples = samples(guarded.get("/metrics", Map.of("Authorization", "Bearer " + token)));
            // a refused request is counted under the route it was for
            assertEquals(1, requests(samples, "GET", "/metrics", 401));
        }
    }

    // ---- metrics

    @Test
    void everyLineOfTheScrapeIsAnExpositionLine() {
        server.get("/health").assertStatus(200);
        Map<String, Double> samples = scrape(server);
        assertFalse(samples.isEmpty());
    }

    @Test
    void requestsAreCountedByRouteTemplateNotByPath() {
        server.put("/data/movies").assertStatus(201);
        Map<String, Double> before = scrape(server);
        server.get("/data/movies/42").assertError(404);
        server.get("/data/movies/43").assertError(404);
        server.post("/data/movies", "{\"_id\":\"42\",\"title\":\"Ghostbusters\"}").assertStatus(201);
        server.get("/data/movies/42").assertStatus(200);
        server.send(HttpRequest.newBuilder(server.uri("/data/movies/42"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).assertStatus(200);
        Map<String, Double> after = scrape(server);
        assertEquals(2, requests(after, "GET", "/data/{db}/{id}", 404) - requests(before, "GET", "/data/{db}/{id}", 404));
        assertEquals(1, requests(after, "GET", "/data/{db}/{id}", 200) - requests(before, "GET", "/data/{db}/{id}", 200));
        assertEquals(1, requests(after, "HEAD", "/data/{db}/{id}", 200) - requests(before, "HEAD", "/data/{db}/{id}", 200));
        assertEquals(1, requests(after, "POST", "/data/{db}", 201) - requests(before, "POST", "/data/{db}", 201));
        for (String sample : after.keySet()) {
            assertFalse(sample.contains("movies") || sample.contains("/42"), "a raw path in a label: " + sample);
        }
        String histogram = "hyper_http_request_duration_seconds_count{method=\"GET\",route=\"/data/{db}/{id}\"}";
        assertEquals(3, after.get(histogram) - before.getOrDefault(histogram, 0.0));
        assertTrue(after.containsKey(
                "hyper_http_request_duration_seconds_bucket{method=\"GET\",route=\"/data/{db}/{id}\",le=\"+Inf\"}"));
    }

    @Test
    void unknownRoutesAreGroupedAndPreflightsToo() {
        Map<String, Double> before = scrape(server);
        server.get("/no/such/route/1").assertError(404);
        server.get("/no/such/route/2").assertError(404);
        server.send(HttpRequest.newBuilder(server.uri("/data/x")).method("OPTIONS", HttpRequest.BodyPublishers.noBody()))
                .assertStatus(204);
        Map<String, Double> after = scrape(server);
        assertEquals(2, requests(after, "GET", "unmatched", 404) - requests(before, "GET", "unmatched", 404));
        assertEquals(1, requests(after, "OPTIONS", "preflight", 204) - requests(before, "OPTIONS", "preflight", 204));
        assertTrue(after.keySet().stream().noneMatch(s -> s.contains("/no/such")));
    }

    @Test
    void storesAreCountedPerServiceAtScrape() {
        Map<String, Double> before = scrape(server);
        server.put("/cache/counted").assertStatus(201);
        server.put("/data/counted").assertStatus(201);
        server.put("/storage/counted").assertStatus(201);
        server.put("/search/counted", "{\"fields\":[\"title\"]}").assertStatus(201);
        server.put("/queue/counted", "{\"target\":\"http://127.0.0.1:9/nowhere\"}").assertStatus(201);
        Map<String, Double> after = scrape(server);
        for (String service : List.of("cache", "data", "storage", "search", "queue")) {
            String sample = "hyper_stores{service=\"" + service + "\"}";
            assertEquals(1, after.get(sample) - before.getOrDefault(sample, 0.0), sample);
        }
    }

    @Test
    void queueDepthAndDeliveriesAreCounted() {
        try (WebhookTarget ok = WebhookTarget.start(); WebhookTarget broken = WebhookTarget.start()) {
            broken.answer(500);
            Map<String, Double> before = scrape(server);
            server.put("/queue/delivered", "{\"target\":\"" + ok.url() + "\"}").assertStatus(201);
            server.put("/queue/refused", "{\"target\":\"" + broken.url() + "\",\"retries\":0}").assertStatus(201);
            server.post("/queue/delivered", "{\"n\":1}").assertStatus(201);
            server.post("/queue/refused", "{\"n\":2}").assertStatus(201);
            Poll.until(() -> delta(before, scrape(server), "hyper_queue_deliveries_total{outcome=\"delivered\"}") == 1
                    && delta(before, scrape(server), "hyper_queue_deliveries_total{outcome=\"failed\"}") == 1,
                    "one delivery and one failure counted");
            Map<String, Double> after = scrape(server);
            assertEquals(1, delta(before, after, "hyper_queue_jobs{status=\"ERROR\"}"));
            assertTrue(after.containsKey("hyper_queue_jobs{status=\"READY\"}"));
            assertTrue(after.containsKey("hyper_queue_deliveries_total{outcome=\"retried\"}"));
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void theJvmIsMeasuredToo() {
        Map<String, Double> samples = scrape(server);
        for (String prefix : List.of("jvm_memory_used_bytes{", "jvm_gc_collection_seconds_count{", "jvm_threads_current")) {
            assertTrue(samples.keySet().stream().anyMatch(s -> s.startsWith(prefix)), prefix + " in " + samples.keySet());
        }
    }

    // ---- the request log

    private static final Pattern LOG_LINE = Pattern.compile(
            "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z GET /cache/logged/k1 404 \\d+\\.\\d\\dms \\d+B$");

    @Test
    void logRequestsPrintsOneLinePerRequest(@TempDir Path dir) {
        try (var child = TestServer.child(dir, "--log-requests")) {
            child.get("/cache/logged/k1?secret=x").assertError(404);
            Matcher line = child.awaitLog(LOG_LINE, Duration.ofSeconds(10));
            assertFalse(line.group().contains("secret"), "no query string in the log");
        }
    }

    @Test
    void withoutTheFlagNothingIsLogged(@TempDir Path dir) {
        try (var child = TestServer.child(dir)) {
            child.get("/cache/logged/k1").assertError(404);
            child.get("/health").assertStatus(200);
            child.terminate(); // all it printed is in the log now
            String log = child.log();
            assertFalse(LOG_LINE.matcher(log).find(), log);
            assertFalse(log.contains("GET /health 200"), log);
        }
    }
}
