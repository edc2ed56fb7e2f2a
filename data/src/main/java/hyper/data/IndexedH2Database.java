package hyper.data;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with real secondary indexes ({@link SecondaryIndex}) in place of none,
 * collections that sort with them ({@link IndexedH2Collection}), and unique indexes whose lookups compare
 * values instead of serialised keys ({@link ValueOrderedUniqueIndex}); documents are kept as BSON
 * ({@link BsonDocumentType}).
 */
final class IndexedH2Database extends H2Database {

    private final MVStore store;
    /** Only while the constructor opens the indexes kept on file: later, an index opened again is a live one. */
    private boolean rebuildIndexes;

    /**
     * @param rebuildIndexes whether to build every secondary index anew from the documents, as after an
     *     unclean stop, when the file may hold a background commit made in the middle of a write
     */
    IndexedH2Database(String name, MVStore store, CursorRegistry cursors, boolean rebuildIndexes) {
        // set before super(): its constructor already opens the indexes
        this.store = store;
        this.rebuildIndexes = rebuildIndexes;
        super(name, store, cursors);
        this.rebuildIndexes = false;
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        // the maps H2Database gives a collection
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = documents(namespace);
        MVMap<String, Object> meta = store.openMap("meta." + namespace);
        return new IndexedH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        // the name H2Database gives its unique indexes, so that dropping an index or a collection removes the map
        String name = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        MVMap<Object, Object> map = UniqueIndexKeys.open(store, store.openMap(DurableH2Backend.STATE), name);
        return new ValueOrderedUniqueIndex(map, indexName, keys, sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        // the name H2Database gives its unique indexes, so that dropping an index or a collection removes the map
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Object> map = store.openMap(namespace + "._index_" + indexName);
        if (rebuildIndexes || SecondaryIndex.isOutdated(map)) {
            map.clear();
        }
        // the collection's own map, as H2Database names it
        MVMap<Object, Object> documents = documents(namespace);
        return new SecondaryIndex(map, documents, indexName, keys, sparse);
    }

    /** A collection's documents, under the name H2Database gives the map, in BSON ({@link BsonDocumentType}). */
    @SuppressWarnings("unchecked")
    private <V> MVMap<Object, V> documents(String namespace) {
        return (MVMap<Object, V>) store.openMap("databases." + namespace, BsonDocumentType.mapBuilder());
    }
}
