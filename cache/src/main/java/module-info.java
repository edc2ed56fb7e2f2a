/** The cache port on SQLite: one database file, one table of entries for all stores. */
module hyper.cache {
    requires hyper.core;
    requires hyper.sqlite;
    requires com.fasterxml.jackson.databind;

    exports hyper.cache;

    provides hyper.core.engine.CacheProvider with hyper.cache.SqliteCacheProvider;
}
