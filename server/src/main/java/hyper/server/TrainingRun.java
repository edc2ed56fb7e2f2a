package hyper.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A short workload over real HTTP, run when {@code HYPER_TRAIN=1}: the distribution starts the server once
 * with {@code -XX:AOTCacheOutput} and this run, so the JDK's ahead-of-time cache holds the classes and
 * profiles of the request paths users hit first. Answers are not checked; the point is to load and run
 * the code. Only services the server lists are exercised.
 */
final class TrainingRun {

    private static final int ROUNDS = 20;

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    private TrainingRun(URI base) {
        this.base = base;
    }

    /** Whether the environment asks for a training run instead of serving. */
    static boolean requested(Map<String, String> env) {
        return "1".equals(env.get("HYPER_TRAIN")) || "true".equalsIgnoreCase(env.get("HYPER_TRAIN"));
    }

    static void exercise(HyperNano hyper) throws IOException, InterruptedException {
        new TrainingRun(hyper.url()).run(hyper.services());
    }

    private void run(List<String> services) throws IOException, InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            send("GET", "/", null);
            send("GET", "/health", null);
            send("GET", "/nowhere", null);
            if (services.contains("cache")) {
                send("PUT", "/cache/training", null);
                send("POST", "/cache/training", "{\"key\":\"k" + round + "\",\"value\":{\"n\":" + round + "}}");
                send("PUT", "/cache/training/k" + round + "?ttl=1m", "{\"n\":" + round + "}");
                send("GET", "/cache/training/k" + round, null);
                send("POST", "/cache/training/_query?pattern=k*", null);
                send("DELETE", "/cache/training/k" + round, null);
                send("DELETE", "/cache/training", null);
            }
            if (services.contains("data")) {
                send("PUT", "/data/training", null);
                send("POST", "/data/training", "{\"_id\":\"d" + round + "\",\"type\":\"movie\",\"n\":" + round + "}");
                send("GET", "/data/training/d" + round, null);
                send("PUT", "/data/training/d" + round, "{\"_id\":\"d" + round + "\",\"type\":\"movie\"}");
                send("POST", "/data/training/_query", "{\"selector\":{\"type\":\"movie\"}}");
                send("GET", "/data/training", null);
                send("DELETE", "/data/training/d" + round, null);
                send("DELETE", "/data/training", null);
            }
            for (String other : services) {
                if (!other.equals("cache") && !other.equals("data")) {
                    send("GET", "/" + other, null);
                }
            }
        }
    }

    private void send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
