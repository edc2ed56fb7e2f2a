/**
 * What every queue engine shares to deliver a job: the HTTP POST to the target with its signature and
 * timeout, the JSON written as JavaScript writes it, and how a job body is stored (so receivers verify the bytes that were signed).
 */
module hyper.queue.delivery {
    requires transitive com.fasterxml.jackson.databind;
    requires hyper.core;
    requires java.net.http;

    exports hyper.queue.delivery;
}
