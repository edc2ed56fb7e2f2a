package example.movies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import hyper.client.Hyper;
import hyper.client.HyperSignature;
import hyper.junit.HyperNanoTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The poster worker behind a real queue: hyper-nano delivers the job, signed, and the poster lands in storage. */
@HyperNanoTest(domain = "movies", services = {"data", "cache", "storage"})
class PosterWebhookTest {

    private static final String SECRET = "poster-secret";
    private static HttpServer worker;
    private static String webhook;

    @BeforeAll
    static void startTheWorker(Hyper hyper) throws Exception {
        worker = App.start(hyper, SECRET, 0);
        webhook = "http://127.0.0.1:" + worker.getAddress().getPort() + "/posters";
        MovieCatalogue catalogue = new MovieCatalogue(hyper);
        catalogue.createStores();
        catalogue.createPosterQueue(webhook, SECRET);
        catalogue.add(new Movie("jaws-1975", "Jaws", 1975, "thriller"));
    }

    @AfterAll
    static void stopTheWorker() {
        worker.stop(0);
    }

    @Test
    void theQueueDeliversAPosterJobAndTheWorkerStoresThePoster(Hyper hyper) throws Exception {
        MovieCatalogue catalogue = new MovieCatalogue(hyper);
        catalogue.requestPoster("jaws-1975");
        Instant deadline = Instant.now().plusSeconds(15);
        Optional<String> poster = catalogue.poster("jaws-1975");
        while (poster.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(25);
            poster = catalogue.poster("jaws-1975");
        }
        assertEquals(Optional.of("JAWS (1975) - a thriller movie"), poster);
        assertTrue(hyper.queue().errors().jobs().isEmpty());
    }

    private static int post(String body, String signature) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
            if (signature != null) {
                request.header(HyperSignature.HEADER, signature);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void theWorkerRefusesJobsItCannotTrust() throws Exception {
        String job = "{\"type\":\"poster\",\"movie\":\"jaws-1975\"}";
        assertEquals(401, post(job, null));
        assertEquals(401, post(job, HyperSignature.sign("another secret", Instant.now(), job)));
        assertEquals(200, post(job, HyperSignature.sign(SECRET, Instant.now(), job)));
    }
}
