package hyper.queue.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one job to a queue's target, as every queue engine does: an HTTP/1.1 POST of the job's JSON, signed
 * with the queue's secret ({@link Signature}), user info of the target sent as Basic credentials, no redirect
 * followed, and one timeout bounding the whole exchange.
 */
public final class Webhook implements AutoCloseable {

    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    /** A sender whose deliveries are signed at {@code clock}'s time and end after {@code timeout}. */
    public Webhook(Clock clock, Duration timeout) {
        this.clock = Objects.requireNonNull(clock);
        this.timeout = Objects.requireNonNull(timeout);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * Posts {@code body} to {@code target}; empty when the target took it (2xx), otherwise why not, worded for
     * the job listing. The timeout bounds the whole exchange, body included: a target that answers its
     * headers and then stalls cannot hold a sender.
     *
     * @throws CancellationException when the calling thread is interrupted (the server is closing)
     */
    public Optional<String> post(URI target, Optional<String> secret, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(target))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // user:password in the target URL is sent as Basic credentials, as browsers and curl do.
        if (target.getRawUserInfo() != null) {
            String userInfo = URLDecoder.decode(target.getRawUserInfo(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        // Signed when sent (not when enqueued), so the timestamp is fresh for the receiver's age check.
        secret.filter(s -> !s.isEmpty())
                .ifPresent(s -> request.header(Signature.HEADER, Signature.header(s, clock.millis(), body)));
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            int status = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status >= 200 && status < 300 ? Optional.empty() : Optional.of("target answered " + status);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Optional.of(noAnswer());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Optional.of(noAnswer());
            }
            return Optional.of("cannot deliver to target: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("delivery interrupted by shutdown");
        }
    }

    private String noAnswer() {
        return "no answer from target within " + timeout.toMillis() + " ms";
    }

    private static URI withoutUserInfo(URI target) {
        if (target.getRawUserInfo() == null) {
            return target;
        }
        try {
            return new URI(target.getScheme(), null, target.getHost(), target.getPort(), target.getPath(),
                    target.getQuery(), target.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a target that parsed once parses again", e);
        }
    }

    /** Drops the connections; a delivery still in flight fails. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
