/** The cache port on SQLite: one database file, one table of entries for all stores. */
module hyper.cache {
    requires hyper.core;
    requires org.xerial.sqlitejdbc; // brings java.sql along (requires transitive)
    requires com.fasterxml.jackson.databind;

    exports hyper.cache;

    provides hyper.core.engine.CacheProvider with hyper.cache.SqliteCacheProvider;
}
