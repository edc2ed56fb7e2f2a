/**
 * One SQLite database file as the embedded cache and queue use it: opened in WAL mode, one connection
 * guarded by its owner's lock, SQL errors turned into the core's facts (a full disk into DISK_FULL).
 */
module hyper.sqlite {
    requires transitive hyper.core;
    requires transitive org.xerial.sqlitejdbc; // brings java.sql along (requires transitive)

    exports hyper.sqlite;
}
