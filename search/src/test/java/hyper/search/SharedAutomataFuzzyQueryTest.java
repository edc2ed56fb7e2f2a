package hyper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The automata of a typo-tolerant term are built once for every field (the saving is lost silently if a
 * Lucene upgrade renames the attribute that carries them), and the query matches as Lucene's own.
 */
class SharedAutomataFuzzyQueryTest {

    @Test
    void theSecondFieldReusesTheFirstFieldsAutomataAndMatchesAsFuzzyQuery() throws IOException {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
                IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.ANALYZER))) {
            for (String text : new String[] {"vertigo", "vertiga", "vortigo", "psycho", "verti"}) {
                Document doc = new Document();
                doc.add(new TextField("a", text, Field.Store.NO));
                doc.add(new TextField("b", "x " + text, Field.Store.NO));
                writer.addDocument(doc);
                writer.commit(); // one segment each: the attribute is also carried from segment to segment
            }
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                SharedAutomataFuzzyQuery.Automata automata = new SharedAutomataFuzzyQuery.Automata();
                Query shared = new BooleanQuery.Builder()
                        .add(new SharedAutomataFuzzyQuery(new Term("a", "vertigo"), 1, 20, automata), Occur.SHOULD)
                        .add(new SharedAutomataFuzzyQuery(new Term("b", "vertigo"), 1, 20, automata), Occur.SHOULD)
                        .build();
                Query lucene = new BooleanQuery.Builder()
                        .add(new FuzzyQuery(new Term("a", "vertigo"), 1, 0, 20, true), Occur.SHOULD)
                        .add(new FuzzyQuery(new Term("b", "vertigo"), 1, 0, 20, true), Occur.SHOULD)
                        .build();
                searcher.rewrite(shared);
                assertNotNull(automata.built(), "the first field's rewrite left its automata to share");
                Object first = automata.built();
                var expected = searcher.search(lucene, 10).scoreDocs;
                var actual = searcher.search(shared, 10).scoreDocs;
                assertSame(first, automata.built(), "built once");
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i].doc, actual[i].doc);
                    assertEquals(expected[i].score, actual[i].score);
                }
                assertEquals(3, actual.length);
            }
        }
    }
}
