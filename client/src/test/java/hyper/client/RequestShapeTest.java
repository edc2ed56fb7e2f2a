package hyper.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The requests the client sends, as hyper-connect 0.12.0 sends them, against a recording server. */
class RequestShapeTest {

    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile String contentType = "application/json; charset=utf-8";
    private volatile String answer = "{\"ok\":true}";
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Seen next() throws InterruptedException {
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        assertTrue(s != null, "no request arrived");
        return s;
    }

    private JsonNode body(Seen s) throws Exception {
        return json.readTree(s.body());
    }

    @Test
    void dataRoutes() throws Exception {
        try (Hyper hyper = Hyper.connect(base + "/movies")) {
            hyper.data().add(Map.of("title", "Dune"));
            Seen add = next();
            assertEquals("POST /data/movies", add.method() + " " + add.uri());
            assertEquals("application/json", add.header("Content-Type"));
            assertEquals("Dune", body(add).path("title").asText());

            hyper.data().get("a b/c");
            Seen get = next();
            assertEquals("GET /data/movies/a%20b%2Fc", get.method() + " " + get.uri());
            assertEquals("false", get.header("X-HYPER-LEGACY-GET"));

            hyper.data().list(ListOptions.all().withStartkey("2001").withKeys(List.of("a", "b")).withLimit(2)
                    .withDescending(true));
            Seen list = next();
            assertEquals("GET /data/movies?limit=2&startkey=2001&keys=a%2Cb&descending=true", list.method() + " " + list.uri());

            hyper.data().query(Map.of("type", "album"), QueryOptions.none().withFields("_id").withSort(Sort.desc("title"),
                    Sort.by("year")).withLimit(2).withUseIndex("idx"));
            Seen query = next();
            assertEquals("POST /data/movies/_query", query.method() + " " + query.uri());
            assertEquals(json.readTree("{\"selector\":{\"type\":\"album\"},\"fields\":[\"_id\"],"
                    + "\"sort\":[{\"title\":\"DESC\"},\"year\"],\"limit\":2,\"use_index\":\"idx\"}"), body(query));

            hyper.data().query(null);
            assertEquals(json.readTree("{\"selector\":{}}"), body(next()));

            hyper.data().index("idx-title", List.of("title"));
            Seen index = next();
            assertEquals("POST /data/movies/_index", index.method() + " " + index.uri());
            assertEquals(json.readTree("{\"fields\":[\"title\"],\"name\":\"idx-title\",\"type\":\"JSON\"}"), body(index));

            hyper.data().bulk(List.of(Map.of("_id", "1")));
            Seen bulk = next();
            assertEquals("POST /data/movies/_bulk", bulk.method() + " " + bulk.uri());
            assertTrue(body(bulk).isArray());

            hyper.data().create();
            Seen create = next();
            assertEquals("PUT /data/movies", create.method() + " " + create.uri());
            assertEquals("", create.body());

            assertThrows(IllegalArgumentException.class, () -> hyper.data().destroy(false));
            hyper.data().destroy(true);
            Seen destroy = next();
            assertEquals("DELETE /data/movies", destroy.method() + " " + destroy.uri());
            assertTrue(seen.isEmpty(), "an unconfirmed destroy sends nothing");
        }
    }

    @Test
    void cacheRoutes() throws Exception {
        try (Hyper hyper = Hyper.connect(base + "/test")) {
            hyper.cache().add("movie-1", Map.of("n", 1), "300ms");
            Seen add = next();
            assertEquals("POST /cache/test", add.method() + " " + add.uri());
            assertEquals(json.readTree("{\"key\":\"movie-1\",\"value\":{\"n\":1},\"ttl\":\"300ms\"}"), body(add));

            hyper.cache().add("movie-2", Map.of("n", 1));
            assertFalse(body(next()).has("ttl"));

            hyper.cache().set("movie-1", Map.of("n", 2), Duration.ofSeconds(2));
            Seen set = next();
            assertEquals("PUT /cache/test/movie-1?ttl=2000ms", set.method() + " " + set.uri());
            assertEquals(json.readTree("{\"n\":2}"), body(set));

            hyper.cache().get("movie-1");
            assertEquals("false", next().header("X-HYPER-LEGACY-GET"));

            hyper.cache().query();
            Seen query = next();
            assertEquals("POST /cache/test/_query?pattern=*", query.method() + " " + query.uri());

            hyper.cache().remove("movie-1");
            Seen remove = next();
            assertEquals("DELETE /cache/test/movie-1", remove.method() + " " + remove.uri());
        }
    }

    @Test
    void storageRoutes() throws Exception {
        try (Hyper hyper = Hyper.connect(base + "/media")) {
            hyper.storage().upload("docs/2024/notes.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)));
            Seen upload = next();
            assertEquals("POST /storage/media/docs/2024/notes.txt", upload.method() + " " + upload.uri());
            assertEquals("text/plain", upload.header("Content-Type"));
            assertEquals("hi", upload.body());

            hyper.storage().upload("blob.unknownext", new byte[] {1, 2});
            assertEquals("application/octet-stream", next().header("Content-Type"));

            answer = "{\"ok\":false,\"status\":501,\"msg\":\"Not Implemented\"}";
            status = 501;
            SignedUrlResult signed = hyper.storage().signedUrl("blob.bin", HyperStorage.UrlType.UPLOAD);
            Seen s = next();
            assertEquals("POST /storage/media/blob.bin?useSignedUrl=true", s.method() + " " + s.uri());
            assertEquals(new SignedUrlResult(false, 501, "Not Implemented", ""), signed);
        }
    }

    @Test
    void searchAndQueueRoutes() throws Exception {
        try (Hyper hyper = Hyper.connect(base + "/test")) {
            hyper.search().create(List.of("title"), List.of("title", "year"));
            assertEquals(json.readTree("{\"fields\":[\"title\"],\"storeFields\":[\"title\",\"year\"]}"), body(next()));
            hyper.search().query("dune", SearchOptions.none().withFields("title").withFilter(Map.of("type", "movie")));
            Seen q = next();
            assertEquals("POST /search/test/_query", q.method() + " " + q.uri());
            assertEquals(json.readTree("{\"query\":\"dune\",\"fields\":[\"title\"],\"filter\":{\"type\":\"movie\"}}"), body(q));
            hyper.search().query("dune");
            assertEquals(json.readTree("{\"query\":\"dune\"}"), body(next()));

            hyper.queue().create("http://127.0.0.1:9/hook");
            assertEquals(json.readTree("{\"target\":\"http://127.0.0.1:9/hook\"}"), body(next()));
            hyper.queue().queued();
            Seen queued = next();
            assertEquals("GET /queue/test?status=READY", queued.method() + " " + queued.uri());
            hyper.queue().retry(7);
            Seen retry = next();
            assertEquals("POST /queue/test/7/_retry", retry.method() + " " + retry.uri());
            hyper.queue().cancel(7);
            assertEquals("/queue/test/7/_cancel", next().uri());
        }
    }

    @Test
    void credentialsSignAnHs256TokenForTenMinutes() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        try (Hyper hyper = Hyper.builder(base.replace("http://", "http://app:s3cret@") + "/test")
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
            hyper.info().services();
            Seen info = next();
            assertEquals("GET /", info.method() + " " + info.uri());
            String[] jwt = info.header("Authorization").substring("Bearer ".length()).split("\\.");
            Base64.Decoder b64 = Base64.getUrlDecoder();
            assertEquals(json.readTree("{\"alg\":\"HS256\"}"), json.readTree(b64.decode(jwt[0])));
            assertEquals(json.readTree("{\"sub\":\"app\",\"exp\":" + (now.getEpochSecond() + 600) + "}"),
                    json.readTree(b64.decode(jwt[1])));
            byte[] mac = Jwt.hmacSha256("s3cret", (jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            assertEquals(HexFormat.of().formatHex(mac), HexFormat.of().formatHex(b64.decode(jwt[2])));
        }
    }

    @Test
    void answersBecomeResultsWhateverTheirStatus() {
        try (Hyper hyper = Hyper.connect(base + "/test")) {
            status = 404;
            answer = "{\"ok\":false,\"status\":404,\"msg\":\"document not found\"}";
            DocResult<Map<String, Object>> missing = hyper.data().get("x");
            assertEquals(new DocResult<>(false, 404, "document not found", null), missing);
            HyperResultException e = assertThrows(HyperResultException.class, missing::doc);
            assertEquals(404, e.status());

            status = 500;
            contentType = "text/html; charset=utf-8";
            answer = "Internal Server Error";
            assertEquals(new Result(false, 500, "Internal Server Error"), hyper.cache().create());

            status = 404;
            contentType = "application/json";
            answer = "{\"ok\":false,\"msg\":\"not found!\"}";
            assertEquals(new Result(false, 404, "not found!"), hyper.cache().create());

            status = 200;
            answer = "{not json";
            assertThrows(HyperClientException.class, () -> hyper.cache().create());
        }
    }

    @Test
    void noServerIsAClientException() {
        server.stop(0);
        try (Hyper hyper = Hyper.builder(base + "/test").timeout(Duration.ofSeconds(2)).build()) {
            assertThrows(HyperClientException.class, () -> hyper.info().services());
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsAClientException() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.stop(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        String slow = "http://127.0.0.1:" + server.getAddress().getPort() + "/test";
        try (Hyper hyper = Hyper.builder(slow).timeout(Duration.ofMillis(300)).build()) {
            HyperClientException e = assertThrows(HyperClientException.class, () -> hyper.cache().create());
            assertTrue(e.getCause() instanceof java.net.http.HttpTimeoutException, e.toString());
        } finally {
            release.countDown();
        }
    }

    @Test
    void documentsAsTheCallersClasses() {
        record Movie(String title, int year) {}
        answer = "{\"ok\":true,\"doc\":{\"_id\":\"m1\",\"title\":\"Dune\",\"year\":1984}}";
        try (Hyper hyper = Hyper.connect(base + "/test")) {
            assertEquals(new Movie("Dune", 1984), hyper.data().get("m1", Movie.class).doc());
            answer = "{\"ok\":true,\"doc\":{\"title\":{\"not\":\"a string\"}}}";
            assertThrows(HyperClientException.class, () -> hyper.data().get("m1", Movie.class));
        }
    }
}
