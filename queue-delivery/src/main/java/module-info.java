/**
 * What every queue engine shares to deliver a job: the HTTP POST to the target with its signature and
 * timeout, and the JSON written as JavaScript writes it (so receivers verify the bytes that were signed).
 */
module hyper.queue.delivery {
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;

    exports hyper.queue.delivery;
}
