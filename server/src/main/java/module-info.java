/**
 * The hyper-nano command: the command line, the options, bootstrapping, and the one place that wires an
 * engine behind each port and hands the ports to the HTTP API ({@code hyper.http}). Exports
 * {@code hyper.server} for applications that embed the server in their tests.
 */
module hyper.server {
    requires hyper.core;
    requires hyper.http;
    requires io.helidon.webserver;
    requires io.helidon.common.task; // the connection gate tells Helidon when a connection may be interrupted
    requires java.logging;
    requires java.net.http; // the AOT training run calls the server's own routes
    // GET /metrics: the Prometheus client's registry, its text format and the JVM's metrics
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;

    // The engines are found by URL scheme (Wiring), not named: each adapter module provides one of these.
    uses hyper.core.engine.CacheProvider;
    uses hyper.core.engine.DataProvider;
    uses hyper.core.engine.StorageProvider;
    uses hyper.core.engine.SearchProvider;
    uses hyper.core.engine.QueueProvider;

    exports hyper.server;
}
