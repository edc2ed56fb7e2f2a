package hyper.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BlendedTermQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * The document terms within typo distance of each query term, in each searched field: found once per query
 * (one Levenshtein automaton per query term, one walk of each segment's term dictionary per field) and used
 * twice: for the typo part of the query and for telling each hit which of its terms matched; and kept for
 * the next queries of the same words while the reader lasts ({@link TypoTermsCache}). Lucene's
 * {@link FuzzyQuery} would build its automata and walk the dictionaries again for every field, and the hits'
 * explanation a third time; that was most of a one-term query's work.
 *
 * <p>The typo query is the one {@code FuzzyQuery} rewrites to with {@code TopTermsBlendedFreqScoringRewrite}:
 * the best {@code maxExpansions} terms by similarity ({@code 1 - edits / shorter length}; ties: the smaller
 * term), in term order, as a {@link BlendedTermQuery}, so the scores are Lucene's.
 */
final class TypoTerms {

    /** One document term reached by a query term, with its statistics and state in each segment that holds it. */
    record Reached(BytesRef term, float similarity, TermStates states) {}

    private final IndexReaderContext top;
    /** By field, then query term: the terms it reaches. */
    private final Map<String, Map<String, List<Reached>>> byField = new HashMap<>();

    private TypoTerms(IndexReaderContext top) {
        this.top = top;
    }

    /**
     * The terms reached by the typos of {@code queryTerms} (those allowed any) in {@code fields}, taken from
     * {@code cache} when this reader's were found before, and kept there otherwise.
     */
    static TypoTerms find(IndexSearcher searcher, List<String> queryTerms, List<String> fields, TypoTermsCache cache)
            throws IOException {
        TypoTerms found = new TypoTerms(searcher.getTopReaderContext());
        IndexReader.CacheHelper reader = searcher.getIndexReader().getReaderCacheHelper();
        for (String queryTerm : queryTerms) {
            int edits = TextAnalysis.maxEdits(queryTerm);
            if (edits == 0) {
                continue;
            }
            CompiledAutomaton automaton = null; // built only if some field is not cached
            for (String field : fields) {
                String textField = DocumentMapping.textField(field);
                List<Reached> terms = reader == null ? null
                        : cache.get(reader.getKey(), textField, queryTerm).orElse(null);
                if (terms == null) {
                    if (automaton == null) {
                        automaton = FuzzyQuery.getFuzzyAutomaton(queryTerm, edits, 0, true);
                    }
                    terms = found.walk(searcher, automaton, queryTerm, edits, textField);
                    if (reader != null) {
                        cache.put(reader, textField, queryTerm, terms);
                    }
                }
                found.byField.computeIfAbsent(textField, k -> new HashMap<>()).put(queryTerm, terms);
            }
        }
        return found;
    }

    /** The terms of {@code textField} that {@code automaton} accepts, in every segment, in term order. */
    private List<Reached> walk(IndexSearcher searcher, CompiledAutomaton automaton, String queryTerm, int edits,
            String textField) throws IOException {
        int queryLength = queryTerm.codePointCount(0, queryTerm.length());
        Map<BytesRef, Reached> reached = new HashMap<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(textField);
            if (terms == null) {
                continue;
            }
            TermsEnum within = automaton.getTermsEnum(terms);
            for (BytesRef term = within.next(); term != null; term = within.next()) {
                Reached known = reached.get(term);
                if (known == null) {
                    BytesRef kept = BytesRef.deepCopyOf(term);
                    known = new Reached(kept, similarity(queryTerm, queryLength, kept, edits), new TermStates(top));
                    reached.put(kept, known);
                }
                known.states().register(within.termState(), leaf.ord, within.docFreq(), within.totalTermFreq());
            }
        }
        List<Reached> terms = new ArrayList<>(reached.values());
        terms.sort(Comparator.comparing(Reached::term));
        return terms;
    }

    /** Lucene's fuzzy boost: 1 for the term itself, else {@code 1 - edits / the shorter length in code points}. */
    private static float similarity(String queryTerm, int queryLength, BytesRef term, int maxEdits) {
        String text = term.utf8ToString();
        int edits = TextAnalysis.distance(queryTerm, text, maxEdits);
        if (edits == 0) {
            return 1f;
        }
        return 1f - (float) edits / (float) Math.min(UnicodeUtil.codePointCount(term), queryLength);
    }

    /** The terms {@code queryTerm} reaches in the text field {@code textField}, in term order; none if it has no typos. */
    List<Reached> reached(String textField, String queryTerm) {
        return byField.getOrDefault(textField, Map.of()).getOrDefault(queryTerm, List.of());
    }

    /**
     * The typo query of {@code queryTerm} in {@code textField}: its best {@code maxExpansions} terms, scored with
     * blended frequencies; null if it reaches no term.
     */
    Query query(String textField, String queryTerm, int maxExpansions) {
        List<Reached> reached = reached(textField, queryTerm);
        if (reached.isEmpty()) {
            return null;
        }
        List<Reached> best = reached;
        if (reached.size() > maxExpansions) {
            best = new ArrayList<>(reached);
            best.sort(Comparator.comparing(Reached::similarity).reversed().thenComparing(Reached::term));
            best = new ArrayList<>(best.subList(0, maxExpansions));
            best.sort(Comparator.comparing(Reached::term));
        }
        BlendedTermQuery.Builder blended = new BlendedTermQuery.Builder()
                .setRewriteMethod(BlendedTermQuery.BOOLEAN_REWRITE);
        for (Reached term : best) {
            blended.add(new Term(textField, term.term()), Math.max(0f, term.similarity()), term.states());
        }
        return blended.build();
    }
}
