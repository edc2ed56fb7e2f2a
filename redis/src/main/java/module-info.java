/**
 * What the Redis adapters share: reading a {@code redis://} URL ({@link hyper.redis.RedisEndpoint}) and opening
 * a connection pool that has been checked to reach a Redis new enough ({@link hyper.redis.RedisConnection}).
 */
module hyper.redis {
    requires transitive hyper.core;
    // Jedis is an automatic module and declares nothing: the explicit modules it uses are required here so
    // that they resolve even when the launch does not add the whole module path.
    requires transitive redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires com.google.gson;
    requires org.json;
    requires org.slf4j;

    exports hyper.redis;
}
