/**
 * The hyper API over HTTP on Helidon SE: the router, request parsing (JSON, multipart, ranges), one route
 * class per service, and the one mapping of {@link hyper.core.HyperException} to a status and the error
 * envelope. It serves the ports of {@code hyper.core} and can name no engine: no adapter module is read
 * here. Only the server, which wires the engines, may use it.
 */
module hyper.http {
    requires hyper.core;
    requires io.helidon.webserver;
    requires com.fasterxml.jackson.databind;

    exports hyper.http to hyper.server;
}
