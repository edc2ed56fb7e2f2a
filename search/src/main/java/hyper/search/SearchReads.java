package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchHits;
import hyper.core.search.SearchQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * The reads of one index, on its near-real-time searcher: a document by key, and the text query with its
 * filters, answered in the shape of the original's search results.
 */
final class SearchReads {

    /** Results of one query at most; the original returns every match, which no client can page through. */
    static final int MAX_MATCHES = 10_000;
    private static final int FIRST_PAGE = 100;
    private static final int FUZZY_EXPANSIONS = 20;
    private static final int PREFIX_SCORED_EXPANSIONS = 32;

    private final IndexFields fields;
    private final TypoTermsCache typoCache;
    /** The searcher of the index's current write pipeline, which changes when the index reopens its writer. */
    private final Supplier<SearcherManager> searchers;

    SearchReads(IndexFields fields, Supplier<SearcherManager> searchers, TypoTermsCache typoCache) {
        this.fields = fields;
        this.typoCache = typoCache;
        this.searchers = searchers;
    }

    /** The stored document under {@code key}; NOT_FOUND if there is none. */
    Map<String, Object> get(String key) throws IOException {
        SearcherManager manager = searchers.get();
        IndexSearcher searcher = manager.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(DocumentMapping.keyTerm(key)), 1);
            if (top.scoreDocs.length == 0) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            return DocumentMapping.source(searcher.storedFields(), top.scoreDocs[0].doc);
        } finally {
            manager.release(searcher);
        }
    }

    /** How many documents the index holds. */
    int count() throws IOException {
        SearcherManager manager = searchers.get();
        IndexSearcher searcher = manager.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            manager.release(searcher);
        }
    }

    /** How many segments the searcher reads. */
    int segmentCount() throws IOException {
        SearcherManager manager = searchers.get();
        IndexSearcher searcher = manager.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            manager.release(searcher);
        }
    }

    /**
     * Stored documents whose key is {@code >= from}, in key order (of the keys' UTF-8 bytes), at most
     * {@code limit}: walks the key terms, which are sorted, skipping those whose document was deleted.
     */
    List<Map<String, Object>> documents(String from, int limit) throws IOException {
        SearcherManager manager = searchers.get();
        IndexSearcher searcher = manager.acquire();
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            Terms keys = MultiTerms.getTerms(searcher.getIndexReader(), DocumentMapping.keyField());
            if (keys == null) {
                return docs;
            }
            TermsEnum terms = keys.iterator();
            if (terms.seekCeil(new BytesRef(from)) == TermsEnum.SeekStatus.END) {
                return docs;
            }
            do {
                TopDocs top = searcher.search(new TermQuery(new Term(DocumentMapping.keyField(),
                        BytesRef.deepCopyOf(terms.term()))), 1);
                if (top.scoreDocs.length > 0) {
                    docs.add(DocumentMapping.source(searcher.storedFields(), top.scoreDocs[0].doc));
                }
            } while (docs.size() < limit && terms.next() != null);
            return docs;
        } finally {
            manager.release(searcher);
        }
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
        if ((long) queryTerms.size() * searched.size() > IndexSearcher.getMaxClauseCount()) {
            // before expanding every one of them; answered as Lucene's own refusal of too many clauses
            throw new IndexSearcher.TooManyClauses();
        }
        for (Map.Entry<String, Object> constraint : request.filter().entrySet()) {
            if (DocumentMapping.filterKeyword(constraint.getValue()) == null
                    || !fields.storeFields().contains(constraint.getKey())) {
                return List.of(); // nothing stored can equal it
            }
        }

        SearcherManager manager = searchers.get();
        IndexSearcher searcher = manager.acquire();
        try {
            TypoTerms typos = TypoTerms.find(searcher, queryTerms, searched, typoCache);
            BooleanQuery.Builder text = new BooleanQuery.Builder();
            for (String term : queryTerms) {
                for (String field : searched) {
                    text.add(termQuery(DocumentMapping.textField(field), term, term.equals(last), typos), Occur.SHOULD);
                }
            }
            BooleanQuery.Builder query = new BooleanQuery.Builder().add(text.build(), Occur.MUST);
            for (Map.Entry<String, Object> constraint : request.filter().entrySet()) {
                query.add(new TermQuery(new Term(DocumentMapping.filterField(constraint.getKey()),
                        DocumentMapping.filterKeyword(constraint.getValue()))), Occur.FILTER);
            }
            // Expanding the prefix variants is much of a query's work: done once, not again for the second
            // search when the first page does not hold every match.
            Query rewritten = searcher.rewrite(query.build());
            TopDocs top = searcher.search(rewritten, FIRST_PAGE);
            if (top.totalHits.value() > top.scoreDocs.length) {
                top = searcher.search(rewritten, MAX_MATCHES);
            }
            ScoreDoc[] hits = top.scoreDocs;
            List<Map<String, Object>> sources = DocumentMapping.hitSources(searcher, hits);
            List<HitMatches.Matched> matched = new HitMatches(queryTerms, last, searched, typos).of(searcher, hits);
            List<Map<String, Object>> matches = new ArrayList<>(hits.length);
            for (int i = 0; i < hits.length; i++) {
                HitMatches.Matched hit = matched.get(i);
                matches.add(SearchHits.hit(sources.get(i), hits[i].score, hit.match(), hit.queryTerms(), fields));
            }
            return matches;
        } finally {
            manager.release(searcher);
        }
    }

    /**
     * One query term against one field: the exact term; small typos (boosted below exact); and for the last
     * term, words it begins (both a constant score, so no completion is lost on large indexes, and the
     * best-scored completions).
     */
    private static Query termQuery(String field, String term, boolean isLast, TypoTerms typos) {
        Term t = new Term(field, term);
        BooleanQuery.Builder any = new BooleanQuery.Builder().add(new TermQuery(t), Occur.SHOULD);
        Query typo = typos.query(field, term, FUZZY_EXPANSIONS);
        if (typo != null) {
            any.add(new BoostQuery(typo, 0.5f), Occur.SHOULD);
        }
        if (isLast && term.length() >= TextAnalysis.PREFIX_MIN_LENGTH) {
            any.add(new BoostQuery(new PrefixQuery(t), 0.2f), Occur.SHOULD);
            any.add(new BoostQuery(new PrefixQuery(t,
                    new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(PREFIX_SCORED_EXPANSIONS)), 0.4f), Occur.SHOULD);
        }
        return any.build();
    }
}
