package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The typo terms found once per query give what Lucene's own {@link FuzzyQuery} (with the blended top-terms
 * rewrite the search used before) gives: the same hits with bit-identical scores, over many segments and with
 * more reachable terms than expansions kept; and every term within the allowed edits, as the hits'
 * explanation needs.
 */
class TypoTermsTest {

    private static final String LETTERS = "abc";

    @Test
    void scoresAsLucenesFuzzyQueryAndReachesEveryTermWithinTheEdits() throws IOException {
        Random random = new Random(42);
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 1500; i++) { // few letters: many words one or two edits apart, often more than 20
            vocabulary.add(word(random, 4 + random.nextInt(6)));
        }
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
                IndexWriter writer = new IndexWriter(directory,
                        new IndexWriterConfig(TextAnalysis.ANALYZER).setMergePolicy(NoMergePolicy.INSTANCE))) {
            for (int d = 0; d < 1200; d++) {
                Document doc = new Document();
                for (String field : List.of("a", "b")) {
                    StringBuilder text = new StringBuilder();
                    for (int w = random.nextInt(8); w >= 0; w--) {
                        text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
                    }
                    doc.add(new TextField(DocumentMapping.textField(field), text.toString(), Field.Store.NO));
                }
                writer.addDocument(doc);
                if (d % 100 == 99) {
                    writer.commit(); // many segments, each with its own dictionary
                }
            }
            TypoTermsCache cache = new TypoTermsCache(TypoTermsCache.DEFAULT_ENTRIES);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                assertTrue(reader.leaves().size() > 5, "several segments");
                List<String> queryTerms = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    queryTerms.add(i % 2 == 0 ? vocabulary.get(random.nextInt(vocabulary.size()))
                            : word(random, 4 + random.nextInt(6)));
                }
                List<String> fields = List.of("a", "b");
                TypoTerms found = TypoTerms.find(searcher, queryTerms, fields, cache);
                int cached = cache.size();
                assertTrue(cached > 0, "what was found is kept");
                // the second time from the cache alone: the same terms, the same scores
                TypoTerms again = TypoTerms.find(searcher, queryTerms, fields, cache);
                assertEquals(cached, cache.size());
                int overflowing = 0;
                for (TypoTerms typos : List.of(found, again)) {
                    for (String queryTerm : queryTerms) {
                        int edits = TextAnalysis.maxEdits(queryTerm);
                        for (String field : fields) {
                            String textField = DocumentMapping.textField(field);
                            Set<String> expected = new TreeSet<>();
                            for (String word : vocabulary) {
                                if (TextAnalysis.distance(queryTerm, word, edits) <= edits && inField(searcher, textField, word)) {
                                    expected.add(word);
                                }
                            }
                            Set<String> reached = new TreeSet<>();
                            typos.reached(textField, queryTerm).forEach(r -> reached.add(r.term().utf8ToString()));
                            assertEquals(expected, reached, queryTerm + " in " + field);
                            overflowing += reached.size() > 20 ? 1 : 0;

                            Query ours = typos.query(textField, queryTerm, 20);
                            Query lucene = new FuzzyQuery(new Term(textField, queryTerm), edits, 0, 20, true);
                            ScoreDoc[] want = searcher.search(lucene, 1000).scoreDocs;
                            ScoreDoc[] got = searcher.search(ours == null ? new MatchNoDocsQuery() : ours, 1000).scoreDocs;
                            assertEquals(want.length, got.length, queryTerm + " in " + field);
                            for (int i = 0; i < want.length; i++) {
                                assertEquals(want[i].doc, got[i].doc, queryTerm + " hit " + i);
                                assertEquals(want[i].score, got[i].score, queryTerm + " score " + i);
                            }
                        }
                    }
                }
                assertTrue(overflowing > 0, "some query terms reach more terms than are kept");
            }
            assertEquals(0, cache.size(), "a closed reader's entries are dropped");
        }
    }

    private static boolean inField(IndexSearcher searcher, String field, String word) throws IOException {
        return searcher.count(new org.apache.lucene.search.TermQuery(new Term(field, word))) > 0;
    }

    private static String word(Random random, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return word.toString();
    }
}
