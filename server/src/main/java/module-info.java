/**
 * The hyper-nano command: the command line, the options, bootstrapping, and the one place that wires an
 * engine behind each port and hands the ports to the HTTP API ({@code hyper.http}). Exports
 * {@code hyper.server} for applications that embed the server in their tests.
 */
module hyper.server {
    requires hyper.core;
    requires hyper.http;
    requires hyper.cache;
    requires hyper.data;
    requires hyper.queue;
    requires hyper.storage;
    requires hyper.search;
    requires io.helidon.webserver;
    requires java.logging;
    requires java.net.http; // the AOT training run calls the server's own routes

    exports hyper.server;
}
