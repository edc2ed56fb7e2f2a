package hyper.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOSupplier;
import org.apache.lucene.util.StringHelper;

/**
 * Which document terms of each hit matched which query terms, and in which fields: the {@code terms},
 * {@code queryTerms} and {@code match} of a search result. Read from the index (the matching terms of each
 * field's dictionary, then their postings at the hits) rather than by re-analysing every hit's text, which
 * was half of a query's time with hundreds of hits. The rules are {@link TextAnalysis#matches}'s; the order is
 * the one re-analysing gave: by the first field (in the searched order) a term occurs in, then by its first
 * position there.
 */
final class HitMatches {

    /** What one hit has matched so far. */
    private static final class Found {
        /** Matched document terms, each with the first field it was found in and its first position there. */
        final Map<String, Occurrence> terms = new HashMap<>();
    }

    private record Occurrence(String term, int firstField, int firstPosition, List<String> fields) {}

    private final List<String> queryTerms;
    private final String last;
    private final List<String> searched;
    private final TypoTerms typos;

    HitMatches(List<String> queryTerms, String last, List<String> searched, TypoTerms typos) {
        this.queryTerms = queryTerms;
        this.last = last;
        this.searched = searched;
        this.typos = typos;
    }

    /** For each hit, in order: its matched document terms with their fields, and the query terms matched. */
    List<Matched> of(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Found[] found = new Found[hits.length];
        Arrays.setAll(found, i -> new Found());
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        // the hits of each segment, by document number: postings are read forward
        List<List<Integer>> hitsByLeaf = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            hitsByLeaf.add(new ArrayList<>());
        }
        for (int i = 0; i < hits.length; i++) {
            hitsByLeaf.get(ReaderUtil.subIndex(hits[i].doc, leaves)).add(i);
        }
        Map<String, List<String>> queryTermsOf = new HashMap<>();
        for (int l = 0; l < leaves.size(); l++) {
            List<Integer> leafHits = hitsByLeaf.get(l);
            if (leafHits.isEmpty()) {
                continue;
            }
            LeafReaderContext leaf = leaves.get(l);
            int[] docs = new int[leafHits.size()];
            int[] hitOf = new int[leafHits.size()];
            leafHits.sort((a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
            for (int i = 0; i < docs.length; i++) {
                hitOf[i] = leafHits.get(i);
                docs[i] = hits[hitOf[i]].doc - leaf.docBase;
            }
            for (int f = 0; f < searched.size(); f++) {
                String textField = DocumentMapping.textField(searched.get(f));
                Terms terms = leaf.reader().terms(textField);
                if (terms == null) {
                    continue;
                }
                int field = f;
                forEachMatchingTerm(leaf, textField, terms, (term, positioned) -> {
                    if (!queryTermsOf.computeIfAbsent(term, this::queryTermsMatching).isEmpty()) {
                        markHits(positioned, term, field, docs, hitOf, found);
                    }
                });
            }
        }
        List<Matched> matched = new ArrayList<>(hits.length);
        for (Found hit : found) {
            List<Occurrence> occurrences = new ArrayList<>(hit.terms.values());
            occurrences.sort((a, b) -> a.firstField != b.firstField
                    ? Integer.compare(a.firstField, b.firstField)
                    : Integer.compare(a.firstPosition, b.firstPosition));
            Map<String, List<String>> match = new LinkedHashMap<>();
            Set<String> matchedQueryTerms = new LinkedHashSet<>();
            for (Occurrence occurrence : occurrences) {
                match.put(occurrence.term, occurrence.fields);
                matchedQueryTerms.addAll(queryTermsOf.get(occurrence.term));
            }
            matched.add(new Matched(match, matchedQueryTerms));
        }
        return matched;
    }

    /** The matched document terms of a hit with their fields, and the query terms they matched. */
    record Matched(Map<String, List<String>> match, Set<String> queryTerms) {}

    /** Receives a matching term with a terms enum positioned on it. */
    @FunctionalInterface
    private interface TermVisitor {
        void visit(String term, TermsEnum positioned) throws IOException;
    }

    /**
     * Visits, once each, the terms of one field of one segment that some query term matches: its typos
     * (which include the term itself; found beforehand) or, without typos, the term alone; and for the last
     * term the words it begins.
     */
    private void forEachMatchingTerm(LeafReaderContext leaf, String textField, Terms terms, TermVisitor visitor)
            throws IOException {
        Set<String> visited = new HashSet<>();
        TermsEnum typoEnum = null;
        for (String queryTerm : queryTerms) {
            if (TextAnalysis.maxEdits(queryTerm) > 0) {
                for (TypoTerms.Reached reached : typos.reached(textField, queryTerm)) {
                    IOSupplier<TermState> state = reached.states().get(leaf);
                    if (state != null) {
                        typoEnum = typoEnum == null ? terms.iterator() : typoEnum;
                        typoEnum.seekExact(reached.term(), state.get());
                        visitOnce(reached.term(), typoEnum, visited, visitor);
                    }
                }
            } else {
                TermsEnum exact = terms.iterator();
                if (exact.seekExact(new BytesRef(queryTerm))) {
                    visitOnce(exact.term(), exact, visited, visitor);
                }
            }
            if (queryTerm.equals(last) && queryTerm.length() >= TextAnalysis.PREFIX_MIN_LENGTH) {
                BytesRef prefix = new BytesRef(queryTerm);
                TermsEnum completions = terms.iterator();
                if (completions.seekCeil(prefix) != TermsEnum.SeekStatus.END) {
                    for (BytesRef term = completions.term(); term != null && StringHelper.startsWith(term, prefix);
                            term = completions.next()) {
                        visitOnce(term, completions, visited, visitor);
                    }
                }
            }
        }
    }

    private static void visitOnce(BytesRef term, TermsEnum positioned, Set<String> visited, TermVisitor visitor)
            throws IOException {
        String text = term.utf8ToString();
        if (visited.add(text)) {
            visitor.visit(text, positioned);
        }
    }

    private List<String> queryTermsMatching(String docTerm) {
        List<String> matchedBy = new ArrayList<>(1);
        for (String queryTerm : queryTerms) {
            if (TextAnalysis.matches(queryTerm, queryTerm.equals(last), docTerm)) {
                matchedBy.add(queryTerm);
            }
        }
        return matchedBy;
    }

    /**
     * Records {@code term} of field number {@code field} in every hit of the segment that holds it, walking
     * whichever is shorter: the term's documents or the hits.
     */
    private void markHits(TermsEnum positioned, String term, int field, int[] docs, int[] hitOf, Found[] found)
            throws IOException {
        PostingsEnum postings = positioned.postings(null, PostingsEnum.POSITIONS);
        if (positioned.docFreq() < docs.length) {
            for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
                int at = Arrays.binarySearch(docs, doc);
                if (at >= 0) {
                    record(found[hitOf[at]], term, field, postings.nextPosition());
                }
            }
        } else {
            int doc = -1;
            for (int i = 0; i < docs.length && doc != PostingsEnum.NO_MORE_DOCS; i++) {
                if (doc < docs[i]) {
                    doc = postings.advance(docs[i]);
                }
                if (doc == docs[i]) {
                    record(found[hitOf[i]], term, field, postings.nextPosition());
                }
            }
        }
    }

    private void record(Found hit, String term, int field, int position) {
        Occurrence seen = hit.terms.get(term);
        if (seen == null) {
            List<String> fields = new ArrayList<>(1);
            fields.add(searched.get(field));
            hit.terms.put(term, new Occurrence(term, field, position, fields));
        } else if (!seen.fields.contains(searched.get(field))) {
            seen.fields.add(searched.get(field));
        }
    }
}
