package hyper.data;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 collection, sorting a limited query without reading and sorting every match.
 *
 * <p>When a {@link SecondaryIndex} starts with the sort's first field, it gives the documents in that order
 * ({@link SecondaryIndex#sorted}), and the walk stops once skip + limit documents match. Each group the
 * index cannot tell apart is ordered by the engine's own value comparator, stably from the collection's
 * order, which is what a scan's stable sort does: the answer is the scan's, ties included. The walk is chosen when
 * no other index serves the selector (an empty one, an unindexed field, {@code $or} ...) or when the sort's
 * index serves it too; a selector another index serves keeps that index, whose few matches are then sorted.
 *
 * <p>Any other sorted query with a limit keeps only the best skip + limit matches while it scans (a bounded
 * heap, ties kept in the scan's order) instead of sorting them all: the memory of a sort is bounded by the
 * answer, not by the collection.
 */
final class IndexedH2Collection extends H2Collection {

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, documents, meta, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
            int batchSize, Document fieldSelector) {
        Optional<Iterator<List<Object>>> groups = sortedByIndex(query, orderBy);
        if (groups.isEmpty()) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        long wanted = limit > 0 ? (long) numberToSkip + limit : Long.MAX_VALUE;
        List<Document> found = new ArrayList<>();
        while (found.size() < wanted && groups.get().hasNext()) {
            Stream<Document> matching = groups.get().next().stream()
                    .map(position -> {
                        QueryBudget.tick();
                        return getDocument(position);
                    })
                    .filter(document -> document != null && documentMatchesQuery(document, query));
            // a group can be large (every document missing the field, a boolean): only what is still wanted
            found.addAll(best(matching, orderBy, wanted - found.size()));
        }
        // matched and ordered already: what is left is skip, limit and projection
        return super.matchDocumentsFromStream(new Document(), found.stream(), numberToSkip, limit, batchSize, null,
                fieldSelector);
    }

    /** The groups of an index that gives the order of the sort, unless another index serves the selector. */
    private Optional<Iterator<List<Object>>> sortedByIndex(Document query, Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return Optional.empty();
        }
        String first = orderBy.keySet().iterator().next();
        if (!(orderBy.get(first) instanceof Number direction) || first.equals("$natural")) {
            return Optional.empty();
        }
        Index<Object> serving = null;
        SecondaryIndex sorting = null;
        for (Index<Object> index : getIndexes()) {
            if (serving == null && index.canHandle(query)) {
                serving = index;
            }
            if (sorting == null && index instanceof SecondaryIndex secondary
                    && index.getKeys().getFirst().getKey().equals(first)) {
                sorting = secondary;
            }
        }
        if (sorting == null || (serving != null && serving != sorting)) {
            return Optional.empty();
        }
        return sorting.sorted(query, direction.intValue() < 0);
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Stream<Document> documents, Document query, Document orderBy,
            int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        if (limit <= 0 || orderBy == null || orderBy.isEmpty() || orderBy.containsKey("$natural")) {
            return super.matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }
        List<Document> best = best(documents.filter(d -> documentMatchesQuery(d, query)), orderBy,
                (long) numberToSkip + limit);
        // matched and ordered already: what is left is skip, limit and projection
        return super.matchDocumentsFromStream(new Document(), best.stream(), numberToSkip, limit, batchSize, null,
                fieldSelector);
    }

    /**
     * The first {@code count} documents in the order of a sort, in that order, as the engine's stable sort
     * would give them. Each document's sort values are read once, not at every comparison (the engine's
     * comparator parses the field paths each time).
     */
    private static List<Document> best(Stream<Document> documents, Document orderBy, long count) {
        List<String> fields = List.copyOf(orderBy.keySet());
        List<ValueComparator> directions = fields.stream()
                .map(f -> ((Number) orderBy.get(f)).intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc())
                .toList();
        record Ranked(Document document, Object[] values, long arrival) {}
        Comparator<Ranked> ranking = (a, b) -> {
            for (int i = 0; i < directions.size(); i++) {
                int c = directions.get(i).compare(a.values()[i], b.values()[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(a.arrival(), b.arrival());
        };
        PriorityQueue<Ranked> worstFirst = new PriorityQueue<>(ranking.reversed());
        long[] arrivals = {0};
        documents.forEachOrdered(document -> {
            QueryBudget.tick();
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Utils.getSubdocumentValueCollectionAware(document, fields.get(i));
            }
            Ranked ranked = new Ranked(document, values, arrivals[0]++);
            if (worstFirst.size() < count) {
                worstFirst.add(ranked);
            } else if (ranking.compare(ranked, worstFirst.peek()) < 0) {
                worstFirst.poll();
                worstFirst.add(ranked);
            }
        });
        List<Ranked> sorted = new ArrayList<>(worstFirst);
        sorted.sort(ranking);
        return sorted.stream().map(Ranked::document).toList();
    }
}
