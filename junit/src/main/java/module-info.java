/**
 * {@code @HyperNanoTest}: a JUnit 5 extension that starts an in-process hyper-nano server for a test class
 * (or each test) and injects a {@code hyper.client.Hyper} connected to it.
 */
module hyper.junit {
    requires transitive hyper.client;
    requires transitive hyper.server;
    requires transitive org.junit.jupiter.api;
    requires hyper.core;

    exports hyper.junit;
}
