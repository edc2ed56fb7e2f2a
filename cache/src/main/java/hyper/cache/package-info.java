/** {@link hyper.cache.SqliteCache}, the cache port on SQLite. */
package hyper.cache;
