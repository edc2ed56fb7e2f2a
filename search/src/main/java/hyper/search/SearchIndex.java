package hyper.search;

import hyper.core.HyperException;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
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

/**
 * One open search index: a Lucene index with its writer and a near-real-time searcher.
 *
 * <p>Each Lucene document holds the key (an indexed keyword), the stored JSON document, one analysed text
 * field per indexed field ({@code t.<field>}) and one keyword per primitive stored field ({@code s.<field>},
 * typed, so that {@code "1"} and {@code 1} differ) for filters.
 *
 * <p>Writes that must check existence (add, bulk, remove) run under a per-index lock that also refreshes the
 * searcher, so the next check and every later query see them. Durability is a Lucene commit; with
 * {@link LuceneSearch.Commit#GROUP} concurrent writers share one commit (the first to arrive commits for all
 * whose operations it covers), with {@link LuceneSearch.Commit#EACH_WRITE} every write commits on its own.
 */
final class SearchIndex implements Closeable {

    static final String KEY = "_key";
    static final String SOURCE = "_source";
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
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LuceneSearch.Commit commitMode;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private volatile long committed;

    SearchIndex(String name, IndexFields fields, Path luceneDir, LuceneSearch.Commit commitMode) throws IOException {
        this.name = name;
        this.fields = fields;
        this.commitMode = commitMode;
        this.directory = FSDirectory.open(luceneDir);
        IndexWriter opened = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.ANALYZER)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(true);
            opened = new IndexWriter(directory, config);
            if (!org.apache.lucene.index.DirectoryReader.indexExists(directory)) {
                opened.commit(); // an empty index must reopen after a crash
            }
            this.writer = opened;
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.rollback();
            }
            directory.close();
            throw e;
        }
    }

    // ---- writes ----

    /** Adds {@code source} under {@code key}; CONFLICT if the key exists. */
    void add(String key, Map<String, Object> source) throws IOException {
        long seq;
        writeLock.lock();
        try {
            if (exists(key)) {
                throw HyperException.conflict("document conflict");
            }
            seq = writer.addDocument(toDocument(key, source));
            searchers.maybeRefreshBlocking();
        } finally {
            writeLock.unlock();
        }
        makeDurable(seq);
    }

    /** Replaces or inserts the document under {@code key}. */
    void put(String key, Map<String, Object> source) throws IOException {
        long seq;
        writeLock.lock();
        try {
            seq = writer.updateDocument(new Term(KEY, key), toDocument(key, source));
            searchers.maybeRefreshBlocking();
        } finally {
            writeLock.unlock();
        }
        makeDurable(seq);
    }

    /** Removes the document under {@code key}; NOT_FOUND if there is none. */
    void remove(String key) throws IOException {
        long seq;
        writeLock.lock();
        try {
            if (!exists(key)) {
                throw HyperException.notFound("not found");
            }
            seq = writer.deleteDocuments(new Term(KEY, key));
            searchers.maybeRefreshBlocking();
        } finally {
            writeLock.unlock();
        }
        makeDurable(seq);
    }

    /**
     * Adds every document, all or none: CONFLICT (and nothing written) if a key exists already. The documents
     * go in as one Lucene block, so no commit can hold part of them.
     */
    void addAll(Map<String, Map<String, Object>> sourcesByKey) throws IOException {
        if (sourcesByKey.isEmpty()) {
            return;
        }
        long seq;
        writeLock.lock();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                for (String key : sourcesByKey.keySet()) {
                    if (searcher.count(new TermQuery(new Term(KEY, key))) > 0) {
                        throw HyperException.conflict("document conflict: " + key);
                    }
                }
            } finally {
                searchers.release(searcher);
            }
            List<Document> docs = new ArrayList<>(sourcesByKey.size());
            sourcesByKey.forEach((key, source) -> docs.add(toDocument(key, source)));
            seq = writer.addDocuments(docs);
            searchers.maybeRefreshBlocking();
        } finally {
            writeLock.unlock();
        }
        makeDurable(seq);
    }

    /**
     * Returns once a commit covers operation {@code seq}. In group mode a writer that finds a commit covering
     * it already done returns at once; otherwise it commits everything buffered so far, for itself and for
     * every writer queued behind it.
     */
    private void makeDurable(long seq) throws IOException {
        if (commitMode == LuceneSearch.Commit.GROUP && committed >= seq) {
            return;
        }
        commitLock.lock();
        try {
            if (commitMode == LuceneSearch.Commit.GROUP && committed >= seq) {
                return;
            }
            long covered = writer.commit();
            // commit() answers -1 when there was nothing to commit: then an earlier commit covered seq
            committed = Math.max(committed, Math.max(covered, seq));
        } finally {
            commitLock.unlock();
        }
    }

    private Document toDocument(String key, Map<String, Object> source) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new StoredField(SOURCE, Sources.write(source)));
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

    private boolean exists(String key) throws IOException {
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
                throw HyperException.notFound("not found");
            }
            return source(searcher, top.scoreDocs[0].doc);
        } finally {
            searchers.release(searcher);
        }
    }

    private static Map<String, Object> source(IndexSearcher searcher, int doc) throws IOException {
        Document stored = searcher.storedFields().document(doc, Set.of(SOURCE));
        return Sources.read(stored.getBinaryValue(SOURCE).bytes, stored.getBinaryValue(SOURCE).offset,
                stored.getBinaryValue(SOURCE).length);
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
            List<Map<String, Object>> matches = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                matches.add(match(source(searcher, hit.doc), hit.score, queryTerms, last, searched));
            }
            return matches;
        } catch (IndexSearcher.TooManyClauses e) {
            throw HyperException.unprocessable("query has too many terms");
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

    /** Closes the index, committing what is buffered. */
    @Override
    public void close() throws IOException {
        try (FSDirectory dir = directory; IndexWriter w = writer; SearcherManager s = searchers) {
            // closed in reverse order: searchers, writer (commits), directory
        }
    }

    /** Closes the index without committing, before its files are deleted. */
    void discard() throws IOException {
        try (FSDirectory dir = directory; SearcherManager s = searchers) {
            writer.rollback();
        }
    }
}
