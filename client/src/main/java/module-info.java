/**
 * A Java client for the hyper API with hyper-connect's methods: {@code hyper.client.Hyper}. Synchronous
 * calls over {@code java.net.http}; documents read and written by Jackson. Depends on no server module.
 */
module hyper.client {
    requires transitive java.net.http;
    requires transitive com.fasterxml.jackson.databind;

    exports hyper.client;
}
