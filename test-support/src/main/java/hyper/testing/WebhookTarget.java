package hyper.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local HTTP server that records every request it receives, for tests of webhook deliveries. It answers
 * {@link #answer(int) a chosen status}, and can {@link #hold()} its answers so deliveries stay in flight
 * until the test {@link #release() releases} them. A request is recorded as soon as it has arrived.
 */
public final class WebhookTarget implements AutoCloseable {

    /** One received request; header names are lower-cased, with their first value. */
    public record Request(String method, String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Predicate<Request> held = request -> true;

    private WebhookTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a target on a free loopback port. */
    public static WebhookTarget start() {
        try {
            return new WebhookTarget();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL deliveries go to. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Answers further requests with {@code status} (200 at first). */
    public void answer(int status) {
        this.status = status;
    }

    /** Keeps further requests waiting for their answer until {@link #release()}. */
    public void hold() {
        hold(request -> true);
    }

    /** Keeps further requests that match {@code which} waiting for their answer until {@link #release()}. */
    public void hold(Predicate<Request> which) {
        held = which;
        gate = new CountDownLatch(1);
    }

    /** Answers the held requests and stops holding. */
    public void release() {
        gate.countDown();
    }

    /** The requests received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were received so far. */
    public int count() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.getFirst()));
            CountDownLatch waitFor = gate;
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            try {
                if (held.test(request)) {
                    waitFor.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Releases held requests and stops the server. */
    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
