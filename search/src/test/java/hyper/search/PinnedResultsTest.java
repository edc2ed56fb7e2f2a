package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins every field of every hit (order, score, terms, queryTerms, match, stored fields) of exact, typo,
 * prefix, several-word, filtered and field-restricted queries on a small generated corpus whose words are
 * often one or two edits apart, so that making queries faster cannot change what they answer. The expected
 * text was recorded from the adapter before its query path was optimised; to record it again after an
 * intended change of the matching rules, run with {@code -Dpinned.results.record=<file>} and review the diff.
 */
class PinnedResultsTest {

    private static final IndexName INDEX = IndexName.of("pinned");

    @TempDir
    Path dir;

    @Test
    void queriesAnswerExactlyAsRecorded() throws IOException {
        String actual;
        try (LuceneSearch search = new LuceneSearch(dir)) {
            search.createIndex(INDEX, new IndexFields(List.of("title", "body"), List.of("title", "category")));
            List<Map<String, Object>> docs = corpus();
            // three loads, three segments: the query is rewritten on each, as on a real index
            for (int from = 0; from < docs.size(); from += 200) {
                search.load(INDEX, docs.subList(from, Math.min(docs.size(), from + 200)));
            }
            actual = answers(search);
            // the same queries again, their typo terms now from the cache
            assertEquals(actual, answers(search));
        }
        String record = System.getProperty("pinned.results.record");
        if (record != null) {
            Files.writeString(Path.of(record), actual);
        }
        try (InputStream expected = getClass().getResourceAsStream("pinned-results.txt")) {
            assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), actual);
        }
    }

    private static String answers(LuceneSearch search) {
        StringBuilder out = new StringBuilder();
        for (SearchQuery query : queries()) {
            out.append("## ").append(query).append('\n');
            for (Map<String, Object> hit : search.query(INDEX, query)) {
                out.append(hit).append('\n');
            }
        }
        return out.toString();
    }

    /** Words of 3 to 9 letters, many of them one or two edits or a prefix away from another. */
    private static List<String> vocabulary() {
        Random random = new Random(63);
        List<String> words = new ArrayList<>();
        while (words.size() < 120) {
            int length = 3 + random.nextInt(7);
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(6)));
            }
            words.add(word.toString());
        }
        for (int i = 0; i < 60; i++) { // neighbours: a changed, dropped or added letter, or a longer word
            StringBuilder word = new StringBuilder(words.get(random.nextInt(words.size())));
            int at = random.nextInt(word.length());
            switch (i % 4) {
                case 0 -> word.setCharAt(at, (char) ('a' + random.nextInt(6)));
                case 1 -> word.deleteCharAt(at);
                case 2 -> word.insert(at, (char) ('a' + random.nextInt(6)));
                default -> word.append("ly");
            }
            words.add(word.toString());
        }
        return words;
    }

    private static List<Map<String, Object>> corpus() {
        List<String> words = vocabulary();
        Random random = new Random(7);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", "d" + i);
            doc.put("title", text(words, random, 2 + random.nextInt(4)));
            doc.put("body", text(words, random, 5 + random.nextInt(15)));
            doc.put("category", "c" + random.nextInt(4));
            docs.add(doc);
        }
        return docs;
    }

    private static String text(List<String> words, Random random, int count) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // skewed towards the first words, as natural text is
            picked.add(words.get((int) (words.size() * Math.pow(random.nextDouble(), 2))));
        }
        String text = String.join(" ", picked);
        return random.nextInt(5) == 0 ? text.toUpperCase() + "." : text;
    }

    private static List<SearchQuery> queries() {
        List<String> words = vocabulary();
        List<SearchQuery> queries = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 9) {
            queries.add(text(words.get(i)));
        }
        for (int i = 1; i < words.size(); i += 23) {
            String word = words.get(i);
            queries.add(text(word.substring(0, Math.min(word.length(), 2 + i % 3)))); // a prefix
            queries.add(text(word.substring(1) + "x")); // a typo
            queries.add(text(words.get(i + 1) + " " + word)); // two words, the last also as a prefix
        }
        queries.add(text("ABC-abd, ba"));
        queries.add(new SearchQuery(words.get(3), Optional.of(List.of("title")), Map.of()));
        queries.add(new SearchQuery(words.get(5) + " " + words.get(8), Optional.empty(), Map.of("category", "c1")));
        return queries;
    }

    private static SearchQuery text(String query) {
        return new SearchQuery(query, Optional.empty(), Map.of());
    }
}
