package hyper.search.opensearch;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The matching rules of the Lucene adapter that the adapter applies itself: which typos a query term
 * tolerates, when the last term matches as a prefix, the text of a JSON value, and (to explain a hit: its
 * {@code terms} and {@code match}) the words of a document's text. The engine analyses text with its
 * standard tokenizer; the explanation splits words with the JDK's word boundaries and folds accents with
 * Unicode decomposition, which agree with it on words of letters and digits.
 */
final class TextTerms {

    /** A last query term at least this long also matches as a prefix (search as you type). */
    static final int PREFIX_MIN_LENGTH = 2;

    /** Letters that do not decompose into a base letter and marks, folded as ASCII folding does. */
    private static final Map<Character, String> SPECIAL = Map.ofEntries(Map.entry('ß', "ss"), Map.entry('æ', "ae"),
            Map.entry('ø', "o"), Map.entry('œ', "oe"), Map.entry('ł', "l"), Map.entry('đ', "d"), Map.entry('ð', "d"),
            Map.entry('þ', "th"), Map.entry('ı', "i"), Map.entry('ħ', "h"), Map.entry('ŀ', "l"));

    private TextTerms() {}

    /**
     * Typos tolerated in a query term: none under 4 characters, one up to 7, two from 8 (as the Lucene
     * adapter; OpenSearch's {@code AUTO:4,8}).
     */
    static int maxEdits(String term) {
        int length = term.codePointCount(0, term.length());
        return length < 4 ? 0 : length < 8 ? 1 : 2;
    }

    /** The words of {@code text}, lower case, accents folded, in order. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        BreakIterator boundaries = BreakIterator.getWordInstance(Locale.ROOT);
        boundaries.setText(text);
        for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE;
                start = end, end = boundaries.next()) {
            String word = text.substring(start, end);
            if (word.codePoints().anyMatch(Character::isLetterOrDigit)) {
                words.add(fold(word.toLowerCase(Locale.ROOT)));
            }
        }
        return words;
    }

    private static String fold(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder(decomposed.length());
        for (char c : decomposed.toCharArray()) {
            out.append(SPECIAL.getOrDefault(c, String.valueOf(c)));
        }
        return out.toString();
    }

    /** Whether a document word is matched by a query term, by the rules of the query sent to the engine. */
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
     * Edit distance with adjacent transpositions counted as one edit (as a fuzzy query counts), on code
     * points; gives up early, returning {@code limit + 1}, once the distance must exceed {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        if (Math.abs(x.length - y.length) > limit) {
            return limit + 1;
        }
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
                rowMin = Math.min(rowMin, best);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[x.length][y.length];
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
