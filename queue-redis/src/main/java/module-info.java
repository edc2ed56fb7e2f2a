/**
 * The queue port on Redis ({@code --queue-url redis://...} or {@code rediss://...}): jobs, their status and
 * the delivery leases live in Redis, so several servers on one Redis share the deliveries. Exports nothing:
 * the server finds {@link hyper.queue.redis.RedisQueueProvider} through {@code provides}.
 */
module hyper.queue.redis {
    requires hyper.core;
    requires hyper.redis;
    requires hyper.queue.delivery;
    requires com.fasterxml.jackson.databind;

    provides hyper.core.engine.QueueProvider with hyper.queue.redis.RedisQueueProvider;
}
