package hyper.search;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.IndexReader;

/**
 * The typo terms of recently searched words, for the reader they were found in: finding them (building a
 * Levenshtein automaton and walking every segment's term dictionary with it) is most of a query's work, and
 * applications repeat their queries. An entry holds the terms one query word reaches in one field with
 * their per-segment states, so it is only valid for that reader: the entries of a reader are dropped when it
 * closes (after a write, once the refreshed reader has replaced it and no query uses it any more). Shared by
 * every index of a {@link LuceneSearch} and bounded in entries, least recently used first out.
 */
final class TypoTermsCache {

    /**
     * Entries kept: a word and field each, a few hundred bytes to a few KB (its terms, each with a state per
     * segment holding it), so at most a few MB of heap.
     */
    static final int DEFAULT_ENTRIES = 4096;

    private record Key(IndexReader.CacheKey reader, String textField, String queryTerm) {}

    private final int maxEntries;
    private final Map<Key, List<TypoTerms.Reached>> entries;
    /** Readers with entries, each told once to drop them when it closes. */
    private final Set<IndexReader.CacheKey> watched = new HashSet<>();

    TypoTermsCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, List<TypoTerms.Reached>> eldest) {
                return size() > TypoTermsCache.this.maxEntries;
            }
        };
    }

    /** The terms {@code queryTerm} was found to reach in {@code textField} of {@code reader}, if cached. */
    synchronized Optional<List<TypoTerms.Reached>> get(IndexReader.CacheKey reader, String textField, String queryTerm) {
        return Optional.ofNullable(entries.get(new Key(reader, textField, queryTerm)));
    }

    /**
     * Keeps what {@code queryTerm} reaches in {@code textField} of {@code reader}, which must be open (the
     * caller holds it): its entries go when it closes.
     */
    void put(IndexReader.CacheHelper reader, String textField, String queryTerm, List<TypoTerms.Reached> reached) {
        IndexReader.CacheKey key = reader.getKey();
        boolean first;
        synchronized (this) {
            if (maxEntries == 0) {
                return;
            }
            entries.put(new Key(key, textField, queryTerm), List.copyOf(reached));
            first = watched.add(key);
        }
        if (first) {
            reader.addClosedListener(this::drop); // outside the lock, which the callback takes
        }
    }

    private synchronized void drop(IndexReader.CacheKey reader) {
        if (watched.remove(reader)) {
            entries.keySet().removeIf(key -> key.reader() == reader);
        }
    }

    /** How many entries are kept (tests). */
    synchronized int size() {
        return entries.size();
    }
}
