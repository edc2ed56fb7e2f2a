package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One open search index: a Lucene index with its writer, a near-real-time searcher and a write-ahead log.
 *
 * <p>Each Lucene document holds the key (an indexed keyword), the stored JSON document, what a hit shows of it
 * (doc values, fast to read for hundreds of hits), one analysed text field per indexed field ({@code t.<field>})
 * and one keyword per primitive stored field ({@code s.<field>}, typed, so that {@code "1"} and {@code 1}
 * differ) for filters.
 *
 * <p>A write runs in two steps. Under the write lock it checks existence, applies the change to the writer
 * and appends it to the log. Then it waits until the change is durable and visible: the first waiter to take
 * the sync lock forces the log (or commits, see {@link LuceneSearch.Durability}) and refreshes the searcher
 * for every write applied so far, so writers arriving together share one fsync and one refresh. Changes
 * applied but not yet visible are remembered in {@link #pending}, so existence checks see them. A checkpoint
 * (a Lucene commit) now and then lets the log files it covers go; at open, the log is replayed.
 */
final class SearchIndex implements Closeable {

    static final String KEY = "_key";
    static final String SOURCE = "_source";
    static final String HIT = "_hit";
    /** Larger hit values are left to the stored document. */
    private static final int MAX_HIT_VALUE_BYTES = 16 * 1024;
    private static final String TEXT = "t.";
    private static final String STORED = "s.";

    /** Results of one query at most; the original returns every match, which no client can page through. */
    static final int MAX_MATCHES = 10_000;
    private static final int FIRST_PAGE = 100;
    /** Lucene rejects longer keywords; longer filter values are indexed by their hash. */
    private static final int MAX_KEYWORD_BYTES = 512;
    private static final int FUZZY_EXPANSIONS = 20;
    private static final int PREFIX_SCORED_EXPANSIONS = 32;

    final String name;
    final IndexFields fields;
    private final LuceneSearch.Durability durability;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final WriteAheadLog log;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    /** Keys changed since the last refresh began: true if the key now exists. Guarded by the write lock. */
    private Map<String, Boolean> pending = new HashMap<>();
    /** The changes the running refresh is making visible. Guarded by the write lock. */
    private Map<String, Boolean> refreshing;
    /** The sequence number of the last change applied. Guarded by the write lock. */
    private long lastSeq;
    /** Every change up to this sequence number is visible to searches. */
    private volatile long visible;
    /** Every change up to this log position (or, without a log, sequence number) is on disk. */
    private volatile long durable;

    /** Opens (or creates) the index kept in {@code folder}, replaying its log. */
    SearchIndex(String name, IndexFields fields, Path folder, LuceneSearch.Durability durability) throws IOException {
        this.name = name;
        this.fields = fields;
        this.durability = durability;
        this.directory = FSDirectory.open(folder.resolve("lucene"));
        IndexWriter opened = null;
        WriteAheadLog openedLog = null;
        try {
            opened = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.ANALYZER)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(true));
            IndexWriter target = opened;
            openedLog = WriteAheadLog.open(folder.resolve("wal"), record -> replay(target, record));
            opened.commit(); // holds the replayed changes, and makes an empty index reopenable
            openedLog.deleteBefore(openedLog.generation());
            this.writer = opened;
            this.log = openedLog;
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) {
            if (openedLog != null) {
                openedLog.close();
            }
            if (opened != null) {
                opened.rollback();
            }
            directory.close();
            throw e;
        }
    }

    // ---- writes ----

    /** What a write waits for: its change visible ({@code seq}) and durable ({@code position}). */
    private record Ticket(long seq, long position) {}

    /** Adds {@code source} under {@code key}; CONFLICT if the key exists. */
    void add(String key, Map<String, Object> source) throws IOException {
        Ticket ticket;
        writeLock.lock();
        try {
            if (exists(key)) {
                throw HyperException.of(Fact.ITEM_EXISTS);
            }
            ticket = applied(writer.updateDocument(new Term(KEY, key), toDocument(key, source)),
                    () -> record("put", key, source), Map.of(key, true));
        } finally {
            writeLock.unlock();
        }
        sync(ticket);
    }

    /** Replaces or inserts the document under {@code key}. */
    void put(String key, Map<String, Object> source) throws IOException {
        Ticket ticket;
        writeLock.lock();
        try {
            ticket = applied(writer.updateDocument(new Term(KEY, key), toDocument(key, source)),
                    () -> record("put", key, source), Map.of(key, true));
        } finally {
            writeLock.unlock();
        }
        sync(ticket);
    }

    /** Removes the document under {@code key}; NOT_FOUND if there is none. */
    void remove(String key) throws IOException {
        Ticket ticket;
        writeLock.lock();
        try {
            if (!exists(key)) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            ticket = applied(writer.deleteDocuments(new Term(KEY, key)), () -> record("delete", key, null),
                    Map.of(key, false));
        } finally {
            writeLock.unlock();
        }
        sync(ticket);
    }

    /**
     * Adds every document, all or none: CONFLICT (and nothing written) if a key exists already. The documents
     * go in as one Lucene block and one log record, so no commit or replay can hold part of them.
     */
    void addAll(Map<String, Map<String, Object>> sourcesByKey) throws IOException {
        if (sourcesByKey.isEmpty()) {
            return;
        }
        Ticket ticket;
        writeLock.lock();
        try {
            for (String key : sourcesByKey.keySet()) {
                if (exists(key)) {
                    throw HyperException.of(Fact.ITEM_EXISTS, key);
                }
            }
            List<Document> docs = new ArrayList<>(sourcesByKey.size());
            Map<String, Boolean> keys = new HashMap<>();
            sourcesByKey.forEach((key, source) -> {
                docs.add(toDocument(key, source));
                keys.put(key, true);
            });
            ticket = applied(writer.addDocuments(docs), () -> Sources.write(Map.of("op", "bulk", "docs", sourcesByKey)),
                    keys);
        } finally {
            writeLock.unlock();
        }
        sync(ticket);
    }

    private interface RecordBytes {
        byte[] get();
    }

    /** Bookkeeping of a change just applied to the writer; called under the write lock. */
    private Ticket applied(long seq, RecordBytes record, Map<String, Boolean> keys) throws IOException {
        lastSeq = seq;
        pending.putAll(keys);
        long position = durability == LuceneSearch.Durability.WRITE_AHEAD_LOG ? log.append(record.get()) : seq;
        return new Ticket(seq, position);
    }

    private static byte[] record(String op, String key, Map<String, Object> source) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("op", op);
        record.put("key", key);
        if (source != null) {
            record.put("doc", source);
        }
        return Sources.write(record);
    }

    /** Applies a logged change again; every change is idempotent, so one already committed is harmless. */
    @SuppressWarnings("unchecked")
    private void replay(IndexWriter target, byte[] bytes) {
        Map<String, Object> record = Sources.read(bytes, 0, bytes.length);
        try {
            switch ((String) record.get("op")) {
                case "put" -> {
                    String key = (String) record.get("key");
                    target.updateDocument(new Term(KEY, key), toDocument(key, (Map<String, Object>) record.get("doc")));
                }
                case "delete" -> target.deleteDocuments(new Term(KEY, (String) record.get("key")));
                case "bulk" -> {
                    for (var e : ((Map<String, Map<String, Object>>) record.get("docs")).entrySet()) {
                        target.updateDocument(new Term(KEY, e.getKey()), toDocument(e.getKey(), e.getValue()));
                    }
                }
                default -> throw new IllegalStateException("unknown log record " + record.get("op"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the change of {@code ticket} is durable and visible; one waiter does the work for all. */
    private void sync(Ticket ticket) throws IOException {
        boolean eachCommits = durability == LuceneSearch.Durability.COMMIT_EACH_WRITE;
        if (!eachCommits && durable >= ticket.position() && visible >= ticket.seq()) {
            return;
        }
        syncLock.lock();
        try {
            if (eachCommits || durable < ticket.position()) {
                if (durability == LuceneSearch.Durability.WRITE_AHEAD_LOG) {
                    long end;
                    writeLock.lock();
                    try {
                        end = log.end();
                    } finally {
                        writeLock.unlock();
                    }
                    log.force();
                    durable = Math.max(durable, end);
                } else {
                    long covered = writer.commit(); // -1 if an earlier commit already held everything
                    durable = Math.max(durable, Math.max(covered, ticket.position()));
                }
            }
            if (visible < ticket.seq()) {
                refresh();
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** Makes every change applied so far visible; called under the sync lock. */
    private void refresh() throws IOException {
        long target;
        writeLock.lock();
        try {
            refreshing = pending;
            pending = new HashMap<>();
            target = lastSeq;
        } finally {
            writeLock.unlock();
        }
        boolean done = false;
        try {
            searchers.maybeRefreshBlocking();
            done = true;
        } finally {
            writeLock.lock();
            try {
                if (!done) { // still invisible: keep them pending, newer changes winning
                    refreshing.putAll(pending);
                    pending = refreshing;
                }
                refreshing = null;
            } finally {
                writeLock.unlock();
            }
        }
        visible = Math.max(visible, target);
    }

    /**
     * Commits to Lucene what the log holds and deletes the log files that commit covers. Writers go on
     * meanwhile, into a new log file.
     */
    void checkpoint() throws IOException {
        if (durability != LuceneSearch.Durability.WRITE_AHEAD_LOG) {
            return;
        }
        checkpointLock.lock();
        try {
            long generation;
            syncLock.lock();
            try {
                writeLock.lock();
                try {
                    if (log.isEmpty()) {
                        return;
                    }
                    long end = log.end();
                    generation = log.rotate(); // forces the old file: its records are durable
                    durable = Math.max(durable, end);
                } finally {
                    writeLock.unlock();
                }
            } finally {
                syncLock.unlock();
            }
            writer.commit();
            log.deleteBefore(generation);
        } finally {
            checkpointLock.unlock();
        }
    }

    private Document toDocument(String key, Map<String, Object> source) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new StoredField(SOURCE, Sources.write(source)));
        doc.add(new BinaryDocValuesField(HIT, hitValue(source)));
        for (String field : fields.fields()) {
            List<String> texts = new ArrayList<>();
            TextAnalysis.text(source.get(field), texts);
            for (String text : texts) {
                doc.add(new TextField(TEXT + field, text, Field.Store.NO));
            }
        }
        for (String field : fields.storeFields()) {
            String keyword = filterKeyword(source.get(field));
            if (keyword != null) {
                doc.add(new StringField(STORED + field, keyword, Field.Store.NO));
            }
        }
        return doc;
    }

    /**
     * The keyword a filter value is matched by: its type and value, so strict equality holds; null for values
     * no filter can equal (arrays and objects compare by identity in the original).
     */
    static String filterKeyword(Object value) {
        String keyword = switch (value) {
            case null -> "z";
            case String s -> "s" + s;
            case Number n -> "n" + Double.toString(n.doubleValue());
            case Boolean b -> "b" + b;
            default -> null;
        };
        if (keyword != null && keyword.getBytes(StandardCharsets.UTF_8).length > MAX_KEYWORD_BYTES) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(keyword.getBytes(StandardCharsets.UTF_8));
                keyword = "h" + HexFormat.of().formatHex(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
        return keyword;
    }

    // ---- reads ----

    /** Whether {@code key} exists, counting changes not yet visible; called under the write lock. */
    private boolean exists(String key) throws IOException {
        Boolean changed = pending.get(key);
        if (changed == null && refreshing != null) {
            changed = refreshing.get(key);
        }
        if (changed != null) {
            return changed;
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(KEY, key))) > 0;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The stored document under {@code key}; NOT_FOUND if there is none. */
    Map<String, Object> get(String key) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(KEY, key)), 1);
            if (top.scoreDocs.length == 0) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            return source(searcher.storedFields(), top.scoreDocs[0].doc);
        } finally {
            searchers.release(searcher);
        }
    }

    private static Map<String, Object> source(StoredFields stored, int doc) throws IOException {
        BytesRef bytes = stored.document(doc, SOURCE_ONLY).getBinaryValue(SOURCE);
        return Sources.read(bytes.bytes, bytes.offset, bytes.length);
    }

    private static final Set<String> SOURCE_ONLY = Set.of(SOURCE);

    /**
     * What each hit needs of its document ({@code _id}, indexed and stored fields), read from the
     * {@link #HIT} doc values: reading the compressed stored document instead costs a block decompression
     * per hit, most of the time of a query with hundreds of matches.
     */
    private static List<Map<String, Object>> hitSources(IndexSearcher searcher, ScoreDoc[] hits, Integer[] byDoc)
            throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Map<String, Object>> sources = new ArrayList<>(Collections.nCopies(hits.length, null));
        StoredFields stored = null;
        LeafReaderContext leaf = null;
        BinaryDocValues values = null;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                values = DocValues.getBinary(leaf.reader(), HIT);
            }
            if (values.advanceExact(doc - leaf.docBase) && values.binaryValue().length > 0) {
                BytesRef bytes = values.binaryValue();
                sources.set(i, Sources.read(bytes.bytes, bytes.offset, bytes.length));
            } else { // too large for doc values: the stored document
                stored = stored == null ? searcher.storedFields() : stored;
                sources.set(i, source(stored, doc));
            }
        }
        return sources;
    }

    /** {@code _id} and the indexed and stored fields of {@code source}, or nothing if too large. */
    private BytesRef hitValue(Map<String, Object> source) {
        Map<String, Object> hit = new LinkedHashMap<>();
        if (source.containsKey("_id")) {
            hit.put("_id", source.get("_id"));
        }
        for (List<String> names : List.of(fields.fields(), fields.storeFields())) {
            for (String field : names) {
                if (source.containsKey(field)) {
                    hit.put(field, source.get(field));
                }
            }
        }
        byte[] bytes = Sources.write(hit);
        return bytes.length <= MAX_HIT_VALUE_BYTES ? new BytesRef(bytes) : new BytesRef();
    }

    /** Matches best first, in the shape of the original's search results. */
    List<Map<String, Object>> query(SearchQuery request) throws IOException {
        List<String> analysed = TextAnalysis.terms(request.query());
        List<String> searched = request.fields()
                .map(asked -> asked.stream().filter(fields.fields()::contains).distinct().toList())
                .orElse(fields.fields());
        if (analysed.isEmpty() || searched.isEmpty()) {
            return List.of();
        }
        List<String> queryTerms = List.copyOf(new LinkedHashSet<>(analysed));
        String last = analysed.getLast();

        BooleanQuery.Builder text = new BooleanQuery.Builder();
        for (String term : queryTerms) {
            for (String field : searched) {
                text.add(termQuery(TEXT + field, term, term.equals(last)), Occur.SHOULD);
            }
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(text.build(), Occur.MUST);
        for (Map.Entry<String, Object> constraint : request.filter().entrySet()) {
            String keyword = filterKeyword(constraint.getValue());
            if (keyword == null || !fields.storeFields().contains(constraint.getKey())) {
                return List.of(); // nothing stored can equal it
            }
            query.add(new TermQuery(new Term(STORED + constraint.getKey(), keyword)), Occur.FILTER);
        }
        Query built = query.build();

        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(built, FIRST_PAGE);
            if (top.totalHits.value() > top.scoreDocs.length) {
                top = searcher.search(built, MAX_MATCHES);
            }
            ScoreDoc[] hits = top.scoreDocs;
            // doc values are read forward only, so in index order
            Integer[] byDoc = new Integer[hits.length];
            Arrays.setAll(byDoc, i -> i);
            Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
            List<Map<String, Object>> sources = hitSources(searcher, hits, byDoc);
            List<Map<String, Object>> matches = new ArrayList<>(hits.length);
            for (int i = 0; i < hits.length; i++) {
                matches.add(match(sources.get(i), hits[i].score, queryTerms, last, searched));
            }
            return matches;
        } catch (IndexSearcher.TooManyClauses e) {
            throw HyperException.invalid("query has too many terms");
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * One query term against one field: the exact term; small typos (boosted below exact); and for the last
     * term, words it begins (both a constant score, so no completion is lost on large indexes, and the
     * best-scored completions).
     */
    private static Query termQuery(String field, String term, boolean isLast) {
        Term t = new Term(field, term);
        BooleanQuery.Builder any = new BooleanQuery.Builder().add(new TermQuery(t), Occur.SHOULD);
        int edits = TextAnalysis.maxEdits(term);
        if (edits > 0) {
            any.add(new BoostQuery(new FuzzyQuery(t, edits, 0, FUZZY_EXPANSIONS, true), 0.5f), Occur.SHOULD);
        }
        if (isLast && term.length() >= TextAnalysis.PREFIX_MIN_LENGTH) {
            any.add(new BoostQuery(new PrefixQuery(t), 0.2f), Occur.SHOULD);
            any.add(new BoostQuery(new PrefixQuery(t,
                    new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(PREFIX_SCORED_EXPANSIONS)), 0.4f), Occur.SHOULD);
        }
        return any.build();
    }

    /** {@code {id, score, terms, queryTerms, match, ...stored fields}}, as the original's results. */
    private Map<String, Object> match(Map<String, Object> source, float score, List<String> queryTerms,
            String last, List<String> searched) {
        Set<String> matchedQueryTerms = new LinkedHashSet<>();
        Map<String, List<String>> match = new LinkedHashMap<>();
        for (String field : searched) {
            List<String> texts = new ArrayList<>();
            TextAnalysis.text(source.get(field), texts);
            for (String text : texts) {
                for (String docTerm : TextAnalysis.terms(text)) {
                    for (String queryTerm : queryTerms) {
                        if (TextAnalysis.matches(queryTerm, queryTerm.equals(last), docTerm)) {
                            matchedQueryTerms.add(queryTerm);
                            List<String> inFields = match.computeIfAbsent(docTerm, k -> new ArrayList<>());
                            if (!inFields.contains(field)) {
                                inFields.add(field);
                            }
                        }
                    }
                }
            }
        }
        Map<String, Object> hit = new LinkedHashMap<>();
        hit.put("id", source.get("_id"));
        hit.put("score", score);
        hit.put("terms", List.copyOf(match.keySet()));
        hit.put("queryTerms", List.copyOf(matchedQueryTerms));
        hit.put("match", match);
        for (String field : fields.storeFields()) {
            if (source.containsKey(field)) {
                hit.put(field, source.get(field));
            }
        }
        return hit;
    }

    /** Closes the index: a last commit, after which the log is no longer needed. */
    @Override
    public void close() throws IOException {
        try (FSDirectory dir = directory) {
            try (WriteAheadLog l = log) {
                try (IndexWriter w = writer; SearcherManager s = searchers) {
                    // closed in reverse order: searchers, then the writer, which commits
                }
                log.deleteBefore(Long.MAX_VALUE);
            }
        }
    }

    /** Closes the index without committing, before its files are deleted. */
    void discard() throws IOException {
        try (FSDirectory dir = directory; WriteAheadLog l = log; SearcherManager s = searchers) {
            writer.rollback();
        }
    }
}
