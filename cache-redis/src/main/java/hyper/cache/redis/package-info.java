/** The cache port on Redis: {@link hyper.cache.redis.RedisCacheProvider} opens a {@code RedisCache}. */
package hyper.cache.redis;
