/**
 * The queue port on Redis ({@code --queue-url redis://...} or {@code rediss://...}): jobs, their status and
 * the delivery leases live in Redis, so several servers on one Redis share the deliveries. Exports nothing:
 * the server finds {@link hyper.queue.redis.RedisQueueProvider} through {@code provides}.
 */
module hyper.queue.redis {
    requires hyper.core;
    requires hyper.queue.delivery;
    requires com.fasterxml.jackson.databind;
    // Jedis is an automatic module and declares nothing: the explicit modules it uses are required here so
    // that they resolve even when the launch does not add the whole module path.
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires com.google.gson;
    requires org.json;
    requires org.slf4j;

    provides hyper.core.engine.QueueProvider with hyper.queue.redis.RedisQueueProvider;
}
