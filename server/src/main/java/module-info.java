/**
 * The hyper-nano server: the HTTP API on Helidon SE, the command line, and the wiring of one adapter per
 * service port. Exports {@code hyper.server} for applications that embed the server in their tests.
 */
module hyper.server {
    requires hyper.core;
    requires hyper.cache;
    requires hyper.data;
    requires hyper.queue;
    requires hyper.storage;
    requires hyper.search;
    requires io.helidon.webserver;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires java.management;
    requires java.net.http; // the AOT training run calls the server's own routes

    exports hyper.server;
}
