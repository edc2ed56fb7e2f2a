package hyper.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.cache.CacheEntry;
import hyper.core.cache.CacheItem;
import hyper.core.cache.CacheKey;
import hyper.core.cache.CacheName;
import hyper.core.cache.CachePort;
import hyper.sqlite.SqliteFile;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cache port on one SQLite database file in WAL mode. All stores share one {@code entries} table
 * keyed by (store, key); its rowid gives insertion order, which an upsert keeps. Expiry is lazy: an
 * expired row is treated as absent by every operation and deleted when a read meets it.
 *
 * <p>One connection serves all requests under a lock: SQLite has one writer anyway, and each operation
 * is a few microseconds. Every write commits before the method returns; with WAL that makes it survive a
 * crash of this process.
 */
public final class SqliteCache implements CachePort {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final SqliteFile db;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** Opens (creating if needed) the cache database at {@code file}. */
    public SqliteCache(Path file, Clock clock) {
        this.clock = clock;
        this.db = SqliteFile.open(file, "cache",
                "CREATE TABLE IF NOT EXISTS stores (name TEXT PRIMARY KEY, created INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS entries (store TEXT NOT NULL, key TEXT NOT NULL,"
                        + " value TEXT NOT NULL, expires INTEGER, PRIMARY KEY (store, key))");
    }

    @Override
    public synchronized void createStore(CacheName store) {
        run(() -> {
            PreparedStatement p = statement("INSERT INTO stores (name, created) VALUES (?, ?) ON CONFLICT DO NOTHING");
            p.setString(1, store.value());
            p.setLong(2, clock.millis());
            if (p.executeUpdate() == 0) {
                throw HyperException.of(Fact.STORE_EXISTS);
            }
            return null;
        });
    }

    @Override
    public synchronized void destroyStore(CacheName store) {
        transaction(() -> {
            requireStore(store);
            update("DELETE FROM entries WHERE store = ?", store.value());
            update("DELETE FROM stores WHERE name = ?", store.value());
            return null;
        });
    }

    @Override
    public synchronized List<String> stores() {
        return run(() -> {
            List<String> names = new ArrayList<>();
            try (ResultSet r = statement("SELECT name FROM stores ORDER BY created, rowid").executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public synchronized List<StoreInfo> listStores() {
        return run(() -> {
            List<StoreInfo> stores = new ArrayList<>();
            PreparedStatement p = statement("SELECT s.name, (SELECT count(*) FROM entries e WHERE e.store = s.name"
                    + " AND (e.expires IS NULL OR e.expires >= ?)) FROM stores s ORDER BY s.name");
            p.setLong(1, clock.millis());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    stores.add(new StoreInfo(r.getString(1), OptionalLong.of(r.getLong(2))));
                }
            }
            return stores;
        });
    }

    @Override
    public synchronized List<CacheItem> entries(CacheName store, String from, int limit) {
        return run(() -> {
            requireStore(store);
            long now = clock.millis();
            List<CacheItem> items = new ArrayList<>();
            PreparedStatement p = statement("SELECT key, value, expires FROM entries WHERE store = ? AND key >= ?"
                    + " AND (expires IS NULL OR expires >= ?) ORDER BY key LIMIT ?");
            p.setString(1, store.value());
            p.setString(2, from);
            p.setLong(3, now);
            p.setInt(4, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long expires = r.getLong(3);
                    Optional<Duration> ttl = r.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(expires - now));
                    items.add(new CacheItem(r.getString(1), parse(r.getString(2)), ttl));
                }
            }
            return items;
        });
    }

    @Override
    public synchronized void add(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl) {
        transaction(() -> {
            requireStore(store);
            Optional<Row> existing = row(store, key);
            if (existing.isPresent() && !existing.get().expired(clock.millis())) {
                throw HyperException.of(Fact.ITEM_EXISTS);
            }
            // An expired row is absent: replace it with a fresh one at the end of the insertion order.
            update("DELETE FROM entries WHERE store = ? AND key = ?", store.value(), key.value());
            insert(store, key, value, ttl);
            return null;
        });
    }

    @Override
    public synchronized Map<String, Object> get(CacheName store, CacheKey key) {
        return run(() -> {
            requireStore(store);
            Row row = row(store, key).orElseThrow(() -> HyperException.of(Fact.ITEM_NOT_FOUND));
            if (row.expired(clock.millis())) {
                sweep("DELETE FROM entries WHERE store = ? AND key = ?", store.value(), key.value());
                throw HyperException.of(Fact.ITEM_EXPIRED);
            }
            return parse(row.value());
        });
    }

    @Override
    public synchronized void set(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl) {
        transaction(() -> {
            requireStore(store);
            Optional<Row> existing = row(store, key).filter(r -> !r.expired(clock.millis()));
            if (existing.isEmpty()) {
                update("DELETE FROM entries WHERE store = ? AND key = ?", store.value(), key.value());
                insert(store, key, value, ttl);
            } else {
                Map<String, Object> merged = parse(existing.get().value());
                merged.putAll(value);
                PreparedStatement p = statement("UPDATE entries SET value = ?, expires = ? WHERE store = ? AND key = ?");
                p.setString(1, write(merged));
                setExpiry(p, 2, ttl);
                p.setString(3, store.value());
                p.setString(4, key.value());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void remove(CacheName store, CacheKey key) {
        transaction(() -> {
            requireStore(store);
            update("DELETE FROM entries WHERE store = ? AND key = ?", store.value(), key.value());
            return null;
        });
    }

    @Override
    public synchronized List<CacheEntry> query(CacheName store, String pattern) {
        return run(() -> {
            requireStore(store);
            if (pattern != null && pattern.indexOf('\0') >= 0) {
                return List.of(); // no key holds a NUL, and SQLite would cut the pattern there ("*\0x" → "*")
            }
            long now = clock.millis();
            List<CacheEntry> found = new ArrayList<>();
            boolean sawExpired = false;
            PreparedStatement p = statement(
                    "SELECT key, value, expires FROM entries WHERE store = ? AND key GLOB ? ORDER BY rowid");
            p.setString(1, store.value());
            p.setString(2, glob(pattern));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long expires = r.getLong(3);
                    if (!r.wasNull() && expires < now) {
                        sawExpired = true;
                    } else {
                        found.add(new CacheEntry(r.getString(1), parse(r.getString(2))));
                    }
                }
            }
            if (sawExpired) {
                sweep("DELETE FROM entries WHERE store = ? AND expires < ?", store.value(), now);
            }
            return found;
        });
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    /**
     * Our pattern language (every {@code *} matches any run, all else literal) as a SQLite GLOB. Keys
     * are lower-case, so lower-casing the pattern makes matching case-insensitive as the original's LIKE.
     */
    static String glob(String pattern) {
        String p = pattern == null || pattern.isEmpty() ? "*" : pattern.toLowerCase(Locale.ROOT);
        StringBuilder g = new StringBuilder(p.length() + 8);
        for (char c : p.toCharArray()) {
            switch (c) {
                case '?' -> g.append("[?]");
                case '[' -> g.append("[[]");
                default -> g.append(c);
            }
        }
        return g.toString();
    }

    private record Row(String value, Long expires) {
        boolean expired(long now) {
            return expires != null && expires < now;
        }
    }

    private Optional<Row> row(CacheName store, CacheKey key) throws SQLException {
        PreparedStatement p = statement("SELECT value, expires FROM entries WHERE store = ? AND key = ?");
        p.setString(1, store.value());
        p.setString(2, key.value());
        try (ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            long expires = r.getLong(2);
            Long expiry = r.wasNull() ? null : expires;
            return Optional.of(new Row(r.getString(1), expiry));
        }
    }

    private void requireStore(CacheName store) throws SQLException {
        PreparedStatement p = statement("SELECT 1 FROM stores WHERE name = ?");
        p.setString(1, store.value());
        try (ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                throw HyperException.of(Fact.STORE_NOT_FOUND);
            }
        }
    }

    private void insert(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl)
            throws SQLException {
        PreparedStatement p = statement("INSERT INTO entries (store, key, value, expires) VALUES (?, ?, ?, ?)");
        p.setString(1, store.value());
        p.setString(2, key.value());
        p.setString(3, write(value));
        setExpiry(p, 4, ttl);
        p.executeUpdate();
    }

    private void setExpiry(PreparedStatement p, int index, Optional<Duration> ttl) throws SQLException {
        if (ttl.isPresent()) {
            p.setLong(index, clock.millis() + ttl.get().toMillis());
        } else {
            p.setNull(index, java.sql.Types.INTEGER);
        }
    }

    private PreparedStatement statement(String sql) throws SQLException {
        return db.statement(sql);
    }

    private void update(String sql, Object... args) throws SQLException {
        db.update(sql, args);
    }

    /**
     * Deletes expired rows a read came across. Tidying only: with the disk full it is left for a later read,
     * and the read still answers.
     */
    private void sweep(String sql, Object... args) throws SQLException {
        try {
            update(sql, args);
        } catch (SQLException e) {
            if (!SqliteFile.isDiskFull(e)) {
                throw e;
            }
        }
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw HyperException.failed("stored value is not JSON", e);
        }
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw HyperException.invalid("value is not JSON: " + e.getOriginalMessage());
        }
    }

    private <T> T run(SqliteFile.Work<T> work) {
        return db.run(work);
    }

    private <T> T transaction(SqliteFile.Work<T> work) {
        return db.transaction(work);
    }
}
