package hyper.search;

import hyper.core.search.IndexFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;

/**
 * How a JSON document of one index becomes a Lucene document, and back. Each Lucene document holds the key
 * (an indexed keyword), the stored JSON document, what a hit shows of it (doc values, fast to read for
 * hundreds of hits), one analysed text field per indexed field ({@code t.<field>}) and one keyword per
 * primitive stored field ({@code s.<field>}, typed, so that {@code "1"} and {@code 1} differ) for filters.
 */
final class DocumentMapping {

    private static final String KEY = "_key";
    private static final String SOURCE = "_source";
    private static final String HIT = "_hit";
    /** Larger hit values are left to the stored document. */
    private static final int MAX_HIT_VALUE_BYTES = 16 * 1024;
    private static final String TEXT = "t.";
    private static final String STORED = "s.";
    /** Lucene rejects longer keywords; longer filter values are indexed by their hash. */
    private static final int MAX_KEYWORD_BYTES = 512;
    private static final Set<String> SOURCE_ONLY = Set.of(SOURCE);

    private final IndexFields fields;

    DocumentMapping(IndexFields fields) {
        this.fields = fields;
    }

    /** The term that finds the document stored under {@code key}. */
    static Term keyTerm(String key) {
        return new Term(KEY, key);
    }

    /** The field holding every document's key, as one indexed term each. */
    static String keyField() {
        return KEY;
    }

    /** The analysed text field of the indexed field {@code field}. */
    static String textField(String field) {
        return TEXT + field;
    }

    /** The keyword field a filter on the stored field {@code field} matches. */
    static String filterField(String field) {
        return STORED + field;
    }

    Document toDocument(String key, Map<String, Object> source) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new StoredField(SOURCE, Sources.write(source)));
        doc.add(new BinaryDocValuesField(HIT, hitValue(source)));
        for (String field : fields.fields()) {
            List<String> texts = new ArrayList<>();
            TextAnalysis.text(source.get(field), texts);
            for (String text : texts) {
                doc.add(new TextField(textField(field), text, Field.Store.NO));
            }
        }
        for (String field : fields.storeFields()) {
            String keyword = filterKeyword(source.get(field));
            if (keyword != null) {
                doc.add(new StringField(filterField(field), keyword, Field.Store.NO));
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

    /**
     * {@code _id} and the stored fields of {@code source}, or nothing if too large. (Indexes written before
     * hits were explained from the postings also hold the indexed fields here; they are read and ignored.)
     */
    private BytesRef hitValue(Map<String, Object> source) {
        Map<String, Object> hit = new LinkedHashMap<>();
        if (source.containsKey("_id")) {
            hit.put("_id", source.get("_id"));
        }
        for (String field : fields.storeFields()) {
            if (source.containsKey(field)) {
                hit.put(field, source.get(field));
            }
        }
        byte[] bytes = Sources.write(hit);
        return bytes.length <= MAX_HIT_VALUE_BYTES ? new BytesRef(bytes) : new BytesRef();
    }

    /** The stored JSON document of the Lucene document {@code doc}. */
    static Map<String, Object> source(StoredFields stored, int doc) throws IOException {
        BytesRef bytes = stored.document(doc, SOURCE_ONLY).getBinaryValue(SOURCE);
        return Sources.read(bytes.bytes, bytes.offset, bytes.length);
    }

    /**
     * What each hit shows of its document ({@code _id} and stored fields), in the order of
     * {@code hits}, read from the {@link #HIT} doc values: reading the compressed stored document instead costs
     * a block decompression per hit, most of the time of a query with hundreds of matches.
     */
    static List<Map<String, Object>> hitSources(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        // doc values are read forward only, so in index order
        Integer[] byDoc = new Integer[hits.length];
        Arrays.setAll(byDoc, i -> i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
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
}
