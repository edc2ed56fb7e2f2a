/**
 * {@link hyper.queue.redis.RedisQueueProvider}: the queue port on Redis, with deliveries claimed under a
 * lease so that several hyper-nano servers share them and a job whose server died is delivered by another.
 */
package hyper.queue.redis;
