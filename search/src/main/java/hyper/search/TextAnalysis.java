package hyper.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How text becomes terms, the same way for documents and queries: Unicode word segmentation, lower case,
 * accents folded to ASCII ("Amélie" → "amelie"). No stemming and no stop words, as in the original, so a
 * title such as "The Who" stays findable word for word. Also the rules of fuzzy and prefix matching, shared
 * by the Lucene query and by the per-hit explanation of what matched.
 */
final class TextAnalysis {

    /** The analyzer of every text field and of query text. */
    static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
            return new TokenStreamComponents(tokenizer, stream);
        }
    };

    /** A last query term at least this long also matches as a prefix (search as you type). */
    static final int PREFIX_MIN_LENGTH = 2;

    private TextAnalysis() {}

    /** The terms of {@code text}, in order, repeats kept. */
    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = ANALYZER.tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return terms;
    }

    /**
     * Typos tolerated in a query term: none under 4 characters (too many false friends), one up to 7,
     * two from 8 (Lucene's maximum).
     */
    static int maxEdits(String term) {
        int length = term.codePointCount(0, term.length());
        return length < 4 ? 0 : length < 8 ? 1 : 2;
    }

    /** Whether a document term is matched by a query term, by the rules the Lucene query applies. */
    static boolean matches(String queryTerm, boolean prefix, String docTerm) {
        if (docTerm.equals(queryTerm)) {
            return true;
        }
        if (prefix && queryTerm.length() >= PREFIX_MIN_LENGTH && docTerm.startsWith(queryTerm)) {
            return true;
        }
        int edits = maxEdits(queryTerm);
        return edits > 0 && distance(queryTerm, docTerm, edits) <= edits;
    }

    /**
     * Edit distance with adjacent transpositions counted as one edit (as Lucene's fuzzy query does), on code
     * points; gives up early, returning {@code limit + 1}, once the distance must exceed {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.codePointCount(0, a.length()) - b.codePointCount(0, b.length())) > limit) {
            return limit + 1;
        }
        int[] x = codePoints(a);
        int[] y = codePoints(b);
        int[] before = new int[y.length + 1];
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return previous[y.length];
    }

    /** The code points of {@code s}; a loop, as {@code s.codePoints().toArray()} costs a stream per word. */
    private static int[] codePoints(String s) {
        int[] points = new int[s.codePointCount(0, s.length())];
        for (int i = 0, at = 0; i < points.length; i++) {
            points[i] = s.codePointAt(at);
            at += Character.charCount(points[i]);
        }
        return points;
    }

    /**
     * The text of a JSON value as the original converts a field to a string: strings as they are, numbers
     * and booleans printed; arrays and objects contribute the text of their values; null nothing.
     */
    static void text(Object value, List<String> out) {
        switch (value) {
            case null -> { }
            case String s -> out.add(s);
            case Number n -> out.add(n.toString());
            case Boolean b -> out.add(b.toString());
            case List<?> list -> list.forEach(v -> text(v, out));
            case Map<?, ?> map -> map.values().forEach(v -> text(v, out));
            default -> out.add(value.toString());
        }
    }
}
