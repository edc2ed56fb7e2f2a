package hyper.server;

import hyper.core.Service;
import hyper.core.Services;
import hyper.core.queue.DeliveryCounts;
import hyper.core.queue.JobStatus;
import hyper.http.Exchange;
import hyper.http.Telemetry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The metrics of one server, in a registry of its own, served by {@code GET /metrics}: requests and their
 * latency by route template (counted as they are answered), the stores of each service and the jobs of
 * every queue (counted at each scrape, from the ports), the queue's deliveries, and the JVM's memory, GC
 * and threads.
 */
final class Metrics implements Telemetry {

    private static final System.Logger LOG = System.getLogger(Metrics.class.getName());
    private static final double NANOS_PER_SECOND = 1e9;
    /** Status codes as label values, made once rather than per request. */
    private static final String[] STATUS = new String[600];

    static {
        for (int i = 0; i < STATUS.length; i++) {
            STATUS[i] = Integer.toString(i);
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder().build();
    private final CompletableFuture<Services> services;
    private final Counter requests;
    private final Histogram latency;

    /** {@code services}: the ports, once open; until then the store and queue metrics are left out. */
    Metrics(CompletableFuture<Services> services) {
        this.services = services;
        requests = Counter.builder()
                .name("hyper_http_requests_total")
                .help("HTTP requests answered, by method, route template and status")
                .labelNames("method", "route", "status")
                .withoutExemplars()
                .register(registry);
        latency = Histogram.builder()
                .name("hyper_http_request_duration_seconds")
                .help("Time from a request's dispatch to its response sent, by method and route template")
                .labelNames("method", "route")
                .classicOnly() // the text format has no native histograms
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("hyper_stores")
                .help("Stores of each service (databases, cache stores, buckets, indexes, queues), counted at scrape")
                .labelNames("service")
                .callback(callback -> {
                    for (Service service : Service.values()) {
                        storeCount(service).ifPresent(n -> callback.call(n, service.name().toLowerCase(Locale.ROOT)));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("hyper_queue_jobs")
                .help("Jobs of every queue by status (READY: waiting or being delivered; ERROR: failed), counted at scrape")
                .labelNames("status")
                .callback(callback -> read("queue depth", s -> s.queue().depth()).ifPresent(depth -> {
                    for (Map.Entry<JobStatus, Long> e : depth.entrySet()) {
                        callback.call(e.getValue(), e.getKey().name());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hyper_queue_deliveries_total")
                .help("Delivery attempts of queue jobs by outcome: delivered (2xx), retried (failed, tried again), "
                        + "failed (failed for the last time: the job is ERROR)")
                .labelNames("outcome")
                .callback(callback -> read("queue deliveries", s -> s.queue().deliveries())
                        .flatMap(Function.identity())
                        .ifPresent((DeliveryCounts counts) -> {
                            callback.call(counts.delivered(), "delivered");
                            callback.call(counts.retried(), "retried");
                            callback.call(counts.failed(), "failed");
                        }))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    @Override
    public void completed(Exchange exchange) {
        String status = exchange.status() >= 0 && exchange.status() < STATUS.length
                ? STATUS[exchange.status()] : Integer.toString(exchange.status());
        requests.labelValues(exchange.method(), exchange.route(), status).inc();
        latency.labelValues(exchange.method(), exchange.route()).observe(exchange.nanos() / NANOS_PER_SECOND);
    }

    @Override
    public void writeMetrics(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    }

    private OptionalLong storeCount(Service service) {
        return read(service.name().toLowerCase(Locale.ROOT) + " store count", s -> switch (service) {
            case CACHE -> s.cache().storeCount();
            case DATA -> s.data().storeCount();
            case STORAGE -> s.storage().storeCount();
            case SEARCH -> s.search().storeCount();
            case QUEUE -> s.queue().storeCount();
        }).orElse(OptionalLong.empty());
    }

    /**
     * A value read from the open ports; empty before they are open, or when the engine fails to answer
     * (an unreachable engine leaves its value out of the scrape rather than failing it).
     */
    private <T> Optional<T> read(String what, Function<Services, T> reading) {
        try {
            Services open = services.getNow(null);
            return open == null ? Optional.empty() : Optional.of(reading.apply(open));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "metrics: cannot read the " + what, e);
            return Optional.empty();
        }
    }
}
