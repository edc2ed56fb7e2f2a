package example.movies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import hyper.client.Hyper;
import hyper.client.HyperSignature;
import hyper.client.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The queue's target: checks the signature of each job, makes the poster of the movie it names and keeps
 * it in storage. Answers 401 for a job it cannot trust, 200 when done (hyper-nano then drops the job),
 * 500 when it could not (hyper-nano retries, then lists the job under {@code errors()}).
 */
public final class PosterWebhook implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hyper hyper;
    private final MovieCatalogue catalogue;
    private final String secret;

    public PosterWebhook(Hyper hyper, String secret) {
        this.hyper = hyper;
        this.catalogue = new MovieCatalogue(hyper);
        this.secret = secret;
    }

    static String posterName(String id) {
        return "posters/" + id + ".txt";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Result trusted = HyperSignature.verify(secret,
                    exchange.getRequestHeaders().getFirst(HyperSignature.HEADER), body);
            exchange.sendResponseHeaders(trusted.ok() ? handle(JSON.readTree(body)) : trusted.status(), -1);
        }
    }

    private int handle(JsonNode job) {
        if (!"poster".equals(job.path("type").asText())) {
            return 200; // not ours: done with it
        }
        String id = job.path("movie").asText();
        return catalogue.find(id).map(movie -> {
            String poster = movie.title().toUpperCase() + " (" + movie.year() + ") - a " + movie.genre() + " movie";
            return hyper.storage().upload(posterName(id), poster.getBytes(StandardCharsets.UTF_8)).ok() ? 200 : 500;
        }).orElse(200); // the movie is gone: nothing to draw
    }
}
