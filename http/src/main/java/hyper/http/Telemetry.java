package hyper.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * What the server watches of the API: it is told of every answered request, and writes the metrics
 * {@code GET /metrics} answers with. The server implements it (with a metrics library); this module only
 * calls it, so it stays free of one.
 */
public interface Telemetry {

    /** The media type of {@code GET /metrics}: the Prometheus text format. */
    String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Told once per request, on the request's thread, after its response was sent: keep it cheap. */
    void completed(Exchange exchange);

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    void writeMetrics(OutputStream out) throws IOException;

    /**
     * This telemetry, with {@code observer} also told of every exchange (after it, even if it throws): an
     * access log or the console's request log beside the metrics.
     */
    default Telemetry alsoTelling(Consumer<Exchange> observer) {
        Telemetry first = this;
        return new Telemetry() {
            @Override
            public void completed(Exchange exchange) {
                try {
                    first.completed(exchange);
                } finally {
                    observer.accept(exchange);
                }
            }

            @Override
            public void writeMetrics(OutputStream out) throws IOException {
                first.writeMetrics(out);
            }
        };
    }

    /** Watches nothing; {@code GET /metrics} is empty. */
    static Telemetry none() {
        return new Telemetry() {
            @Override
            public void completed(Exchange exchange) {}

            @Override
            public void writeMetrics(OutputStream out) {}
        };
    }
}
