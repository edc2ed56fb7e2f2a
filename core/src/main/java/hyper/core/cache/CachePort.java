package hyper.core.cache;

import hyper.core.StoreInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Key/value stores whose values are JSON objects, with an optional time to live. An expired entry is
 * absent for every operation. Failures are {@link hyper.core.HyperException}s: NOT_FOUND ("cache not
 * found", "document not found", "ttl expired!"), CONFLICT ("cache already exists", "document conflict").
 */
public interface CachePort extends AutoCloseable {

    /** Creates an empty store; STORE_EXISTS if it exists. */
    void createStore(CacheName store);

    /** Deletes a store and every entry in it; STORE_NOT_FOUND if it does not exist. */
    void destroyStore(CacheName store);

    /** How many stores exist, counted when asked (for monitoring); empty when the engine cannot tell. */
    default OptionalLong storeCount() {
        return OptionalLong.of(stores().size());
    }

    /** The names of all stores, in creation order. */
    List<String> stores();

    /** Every store, sorted by name, each with the count of its live entries (for the admin API). */
    List<StoreInfo> listStores();

    /**
     * A page of the store's live entries: those whose key is {@code >= from}, in key order, at most
     * {@code limit}, each with its remaining time to live (for the admin API). STORE_NOT_FOUND if there is no
     * such store.
     */
    List<CacheItem> entries(CacheName store, String from, int limit);

    /** Inserts an entry; ITEM_EXISTS if a live entry has this key. */
    void add(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl);

    /** The value of a live entry; ITEM_NOT_FOUND when missing, ITEM_EXPIRED when expired. */
    Map<String, Object> get(CacheName store, CacheKey key);

    /**
     * Upserts: a new entry gets {@code value}; an existing live one becomes the shallow merge of its value
     * and {@code value}. The TTL is replaced in both cases (absent = no expiry).
     */
    void set(CacheName store, CacheKey key, Map<String, Object> value, Optional<Duration> ttl);

    /** Removes an entry if present; removing a missing key is not an error. */
    void remove(CacheName store, CacheKey key);

    /**
     * Live entries whose key matches {@code pattern}, in insertion order. {@code *} matches any run of
     * characters; every other character stands for itself.
     */
    List<CacheEntry> query(CacheName store, String pattern);

    @Override
    void close();
}
