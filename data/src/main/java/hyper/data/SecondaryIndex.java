package hyper.data;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A non-unique index of the embedded engine, on the first field of its key (a compound index serves as the
 * index of its prefix), kept in an MVStore map of the same file as the documents and so committed with them.
 * mongo-java-server has no secondary index of its own: without this one, every query reads every document.
 *
 * <p>An entry is {@code [type, value, position]}: every number, string and boolean found at the field's path
 * (arrays followed at any depth, numbers as doubles), with the position (the {@code _id}) of the document
 * holding it. The map orders positions as the collection's own map does, so the documents of one value come
 * in the order a scan finds them, and a limited query returns the same documents either way.
 *
 * <p>A lookup never decides a match: the engine still holds each document it gets against the whole query.
 * So the index only has to give <em>at least</em> every document that can match ({@link #getPositions}), and
 * it takes the conditions it can bound — a value, {@code $eq}, {@code $in}, {@code $gt}, {@code $gte},
 * {@code $lt}, {@code $lte} on the field, at the top level or in a top-level {@code $and} — and leaves the
 * rest of the query, and any query it cannot bound, to the engine.
 *
 * <p>It also gives documents in the order of a sort on that field ({@link #sorted}), as the engine sorts them:
 * null or missing first, then numbers, strings, booleans. For that, a document whose field is null or missing
 * has an entry {@code [NULL, "", position]}, and the index counts the documents it cannot place in that order
 * (an array, a sub-document or another type at the path, NaN): while there is one, a sort is left to a scan.
 */
final class SecondaryIndex extends Index<Object> {

    /** Null or missing: sorts before every value. */
    private static final int NULL = -1;
    private static final int NUMBER = 1;
    private static final int STRING = 2;
    private static final int BOOLEAN = 3;
    /** Present once the index has been built from the collection's documents. */
    private static final Object[] BUILT = {0, "built"};
    /** How many documents have more than one value here: then two bounds of a range may hold for different ones. */
    private static final Object[] MULTIVALUED = {0, "multivalued"};
    /** How many documents the index cannot place in the order of a sort (see {@link #sortValue}). */
    private static final Object[] UNSORTABLE = {0, "unsortable"};
    /** Present in an index with null entries and the count above; one kept on file without it is built anew. */
    private static final Object[] SORTABLE_FORMAT = {0, "format", 2};
    /** The one entry value of a null or missing field. */
    private static final Value ABSENT = new Value(NULL, "");

    /**
     * Operators beside which mongo-java-server ignores the others of the same field: {@code $regex} always,
     * the rest on a path through an array. A condition holding one bounds nothing.
     */
    private static final Set<String> IGNORING_OTHERS = Set.of("$regex", "$options", "$ne", "$nin", "$all");

    private final MVMap<Object, Object> map;
    /** The collection's documents by position. */
    private final MVMap<Object, ?> documents;
    private final String field;
    private final List<String> path;
    /** The collection map's order of positions. */
    private final Comparator<Object> positions = new ObjectDataType()::compare;

    SecondaryIndex(MVMap<Object, Object> map, MVMap<Object, ?> documents, String name, List<IndexKey> keys,
            boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
        this.documents = documents;
        this.field = keys.getFirst().getKey();
        this.path = List.of(field.split("\\.", -1));
    }

    /** A value of the index: its type, then a Double, String or Boolean. */
    private record Value(int type, Object value) {

        Object[] key(Object position) {
            return new Object[] {type, value, position};
        }
    }

    /**
     * What a document puts in the index: its values at the path (more than the engine may compare the query
     * with, never fewer), or {@link #ABSENT} when its field is null or missing; and whether it has several
     * values, and whether a sort cannot place it.
     */
    private record Entries(Set<Value> values, boolean multivalued, boolean unsortable) {}

    private Entries entries(Document document) {
        Set<Value> values = new LinkedHashSet<>();
        collect(document, 0, values);
        boolean multivalued = values.size() > 1;
        Value sortValue = sortValue(document);
        if (sortValue == ABSENT) {
            values.add(ABSENT);
        }
        return new Entries(values, multivalued, sortValue == null);
    }

    /**
     * The value the engine sorts a document by on this field (read as its sort reads it), as an index value:
     * {@link #ABSENT} for null or missing; null when the index cannot place it among the others — an array
     * (sorted by its least or greatest element), a sub-document or another type (which sort between strings
     * and booleans or after them), NaN or an infinity (which the engine compares inconsistently with longs).
     */
    private Value sortValue(Document document) {
        Object value;
        try {
            value = Utils.getSubdocumentValueCollectionAware(document, field);
        } catch (RuntimeException e) {
            return null; // a path the engine cannot sort on ("a..b", "a.$"): never a reason to refuse a write
        }
        if (Missing.isNullOrMissing(value)) {
            return ABSENT;
        }
        return switch (value) {
            case Integer i -> scalar(i);
            case Long l -> scalar(l);
            case Double d when Double.isFinite(d) -> scalar(d);
            case String s -> scalar(s);
            case Boolean b -> scalar(b);
            default -> null;
        };
    }

    private void collect(Object node, int depth, Set<Value> values) {
        if (node instanceof List<?> list) {
            for (Object element : list) {
                collect(element, depth, values);
            }
            if (depth < path.size() && isPosition(path.get(depth))) {
                int i = Integer.parseInt(path.get(depth));
                if (i < list.size()) {
                    collect(list.get(i), depth + 1, values);
                }
            }
        } else if (depth == path.size()) {
            Value value = scalar(node);
            if (value != null) {
                values.add(value);
            }
        } else if (node instanceof Map<?, ?> map && map.containsKey(path.get(depth))) {
            collect(map.get(path.get(depth)), depth + 1, values);
        }
    }

    private static boolean isPosition(String segment) {
        return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The index value of a number, string or boolean; null for anything else. */
    private static Value scalar(Object value) {
        return switch (value) {
            case Number n -> {
                double d = n.doubleValue();
                yield new Value(NUMBER, d == 0 ? 0.0 : d); // -0.0 equals 0.0 in a query
            }
            case String s -> new Value(STRING, s);
            case Boolean b -> new Value(BOOLEAN, b);
            case null, default -> null;
        };
    }

    private static Object positionOf(Document document) {
        return document.get("_id");
    }

    @Override
    public Object getPosition(Document document) {
        return null; // the _id index answers this
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {}

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        Entries entries = entries(document);
        for (Value value : entries.values()) {
            map.put(value.key(position), Boolean.TRUE);
        }
        count(MULTIVALUED, entries.multivalued() ? 1 : 0);
        count(UNSORTABLE, entries.unsortable() ? 1 : 0);
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = positionOf(document);
        Entries entries = entries(document);
        for (Value value : entries.values()) {
            map.remove(value.key(position));
        }
        count(MULTIVALUED, entries.multivalued() ? -1 : 0);
        count(UNSORTABLE, entries.unsortable() ? -1 : 0);
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {}

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        Entries before = entries(oldDocument);
        Entries after = entries(newDocument);
        if (before.equals(after)) {
            return;
        }
        for (Value value : before.values()) {
            if (!after.values().contains(value)) {
                map.remove(value.key(position));
            }
        }
        for (Value value : after.values()) {
            if (!before.values().contains(value)) {
                map.put(value.key(position), Boolean.TRUE);
            }
        }
        count(MULTIVALUED, (after.multivalued() ? 1 : 0) - (before.multivalued() ? 1 : 0));
        count(UNSORTABLE, (after.unsortable() ? 1 : 0) - (before.unsortable() ? 1 : 0));
    }

    private void count(Object[] counter, int delta) {
        if (delta != 0) {
            long count = counted(counter) + delta;
            map.put(counter, count);
        }
    }

    private long counted(Object[] counter) {
        return ((Number) map.getOrDefault(counter, 0L)).longValue();
    }

    /**
     * Whether the index is still to be built. mongo-java-server asks this once, when it adds the index to its
     * collection, and builds it from the documents right after a yes; an index opened again on its file is
     * kept as it is, whether or not any document has the field.
     */
    @Override
    public synchronized boolean isEmpty() {
        if (map.putIfAbsent(BUILT, Boolean.TRUE) == null) {
            map.put(SORTABLE_FORMAT, Boolean.TRUE);
            return true;
        }
        return false;
    }

    /** Whether an index map kept on file was built by an earlier version, without what a sort needs. */
    static boolean isOutdated(MVMap<Object, Object> map) {
        return !map.isEmpty() && !map.containsKey(SORTABLE_FORMAT);
    }

    @Override
    public long getCount() {
        long markers = 0;
        for (Object[] marker : List.of(BUILT, MULTIVALUED, UNSORTABLE, SORTABLE_FORMAT)) {
            markers += map.containsKey(marker) ? 1 : 0;
        }
        return map.sizeAsLong() - markers;
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {} // the database removes the map (it knows its name)

    @Override
    public boolean canHandle(Document query) {
        return lookup(query) != null;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Lookup lookup = lookup(query);
        if (lookup == null) {
            throw new IllegalStateException("index " + getName() + " cannot answer " + query);
        }
        return lookup.positions();
    }

    /** What the index reads for a query, or null when the query holds no condition it can bound. */
    private Lookup lookup(Document query) {
        String field = getKeys().getFirst().getKey();
        if (query.containsKey(field)) {
            Lookup lookup = condition(query.get(field));
            if (lookup != null) {
                return lookup;
            }
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object element : all) {
                if (element instanceof Document conjunct) {
                    Lookup lookup = lookup(conjunct);
                    if (lookup != null) {
                        return lookup;
                    }
                }
            }
        }
        return null;
    }

    private Lookup condition(Object condition) {
        Value value = scalar(condition);
        if (value != null) {
            return new Values(List.of(value));
        }
        if (!(condition instanceof Document operators) || operators.isEmpty()
                || !operators.keySet().stream().allMatch(k -> k.startsWith("$"))
                || IGNORING_OTHERS.stream().anyMatch(operators::containsKey)) {
            // a sub-document to equal, or an operator beside which the engine may ignore the others
            return null;
        }
        Value equal = scalar(operators.get("$eq"));
        if (equal != null) {
            return new Values(List.of(equal));
        }
        if (operators.get("$in") instanceof List<?> in) {
            List<Value> values = new ArrayList<>(in.size());
            for (Object element : in) {
                Value v = scalar(element);
                if (v == null) {
                    values = null; // null, a regular expression, an array or a document: left to a scan
                    break;
                }
                values.add(v);
            }
            if (values != null) {
                return new Values(values);
            }
        }
        Value low = bound(operators, "$gt", "$gte");
        Value high = bound(operators, "$lt", "$lte");
        if (low != null && high != null && (low.type() != high.type() || multivalued())) {
            // one document's values may meet the two bounds with different values: only one bound holds
            high = null;
        }
        if (low == null && high == null) {
            return null;
        }
        return new Range(low != null ? low : high, low, high);
    }

    /**
     * The bound of an operator pair, made inclusive and, for numbers, widened to whole numbers: the engine
     * compares a long beyond int with the integer part of a fractional number.
     */
    private static Value bound(Document operators, String exclusive, String inclusive) {
        Value value = scalar(operators.get(exclusive));
        if (value == null) {
            value = scalar(operators.get(inclusive));
        }
        if (value != null && value.type() == NUMBER) {
            double d = (Double) value.value();
            boolean lower = exclusive.equals("$gt");
            value = new Value(NUMBER, lower ? Math.floor(d) : Math.ceil(d));
        }
        return value;
    }

    private boolean multivalued() {
        return counted(MULTIVALUED) > 0;
    }

    private sealed interface Lookup permits Values, Range {
        Iterable<Object> positions();

        /** The entries to read, as runs of one type between two inclusive bounds, in ascending order. */
        List<Segment> segments();
    }

    /** The entries of one type whose value lies between two inclusive bounds (null: open). */
    private record Segment(int type, Object from, Object to) {}

    /** Every entry: the types in the order the engine sorts them. */
    private static final List<Segment> EVERYTHING = List.of(new Segment(NULL, null, null),
            new Segment(NUMBER, null, null), new Segment(STRING, null, null), new Segment(BOOLEAN, null, null));

    /**
     * The positions of the documents a query may match, in the order of a sort on the index's field, in
     * groups of documents the sort cannot tell apart by the index alone: the engine's comparator must still
     * order each group (by the sort's other fields; numbers the index holds as one double; a long against a
     * fraction, which the engine compares by its whole part, so a group holds every number of one whole
     * part). Each group is in the collection's order, as a scan finds its documents. Empty when the index
     * cannot give that order: a sparse index (it does not hold every document), or one holding a document
     * whose value it cannot place ({@link #sortValue}).
     */
    synchronized Optional<Iterator<List<Object>>> sorted(Document query, boolean descending) {
        if (isSparse() || counted(UNSORTABLE) > 0) {
            return Optional.empty();
        }
        Lookup lookup = lookup(query);
        List<Segment> segments = lookup == null ? EVERYTHING : lookup.segments();
        return Optional.of(new Groups(descending ? segments.reversed() : segments, descending));
    }

    /** Walks segments of the index in order and cuts the entries into groups (see {@link #sorted}). */
    private final class Groups implements Iterator<List<Object>> {

        private final Iterator<Segment> segments;
        private final boolean descending;
        /** Its own, as the walk runs after the index lock is released: the type caches what it saw last. */
        private final Comparator<Object> order = new ObjectDataType()::compare;
        private Iterator<Object[]> entries = Collections.emptyIterator();
        private Object[] pending;

        Groups(List<Segment> segments, boolean descending) {
            this.segments = segments.iterator();
            this.descending = descending;
            this.pending = advance();
        }

        private Object[] advance() {
            while (!entries.hasNext()) {
                if (!segments.hasNext()) {
                    return null;
                }
                entries = keys(segments.next(), descending);
            }
            return entries.next();
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public List<Object> next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            Object[] first = pending;
            List<Object> group = new ArrayList<>();
            do {
                group.add(pending[2]);
                pending = advance();
            } while (pending != null && sameGroup(first, pending));
            group.sort(order);
            return group;
        }

        private static boolean sameGroup(Object[] a, Object[] b) {
            if (!a[0].equals(b[0])) {
                return false;
            }
            if ((Integer) a[0] == NUMBER) {
                // the whole part, as the engine compares a long with a fraction
                return (long) (double) (Double) a[1] == (long) (double) (Double) b[1];
            }
            return a[1].equals(b[1]);
        }
    }

    /** The entries of a segment, ascending or descending. */
    private Iterator<Object[]> keys(Segment segment, boolean descending) {
        int type = segment.type();
        Iterator<Object> keys = descending
                ? map.keyIteratorReverse(segment.to() == null ? new Object[] {type + 1} : above(type, segment.to()))
                : map.keyIterator(segment.from() == null ? new Object[] {type} : new Object[] {type, segment.from()});
        Object end = descending ? segment.from() : segment.to();
        return new Iterator<>() {
            private Object[] next = advance();

            private Object[] advance() {
                if (!keys.hasNext()) {
                    return null;
                }
                Object[] key = (Object[]) keys.next();
                if ((Integer) key[0] != type || key.length < 3) {
                    return null;
                }
                if (end != null && (descending ? compare(key[1], end) < 0 : compare(key[1], end) > 0)) {
                    return null;
                }
                return key;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object[] next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Object[] key = next;
                next = advance();
                return key;
            }
        };
    }

    /** A key above every entry of a value and below every entry of the next one (never an entry itself). */
    private static Object[] above(int type, Object value) {
        return switch (value) {
            case Double d -> new Object[] {type, Math.nextUp(d)};
            case String s -> new Object[] {type, s + '\0'};
            case Boolean b when !b -> new Object[] {type, Boolean.TRUE};
            default -> new Object[] {type + 1};
        };
    }

    /**
     * Documents holding one of some values, read lazily in the collection's order: the entries of each value
     * come in that order, and several are merged, so a limited query reads no more than it returns.
     */
    private final class Values implements Lookup {

        private final List<Value> values;

        Values(List<Value> values) {
            this.values = values;
        }

        @Override
        public Iterable<Object> positions() {
            if (values.size() == 1) {
                Value value = values.getFirst();
                return () -> entries(value.type(), value.value(), value.value());
            }
            return () -> {
                List<Iterator<Object>> each = new ArrayList<>();
                for (Value value : new LinkedHashSet<>(values)) {
                    each.add(entries(value.type(), value.value(), value.value()));
                }
                return new Merged(each);
            };
        }

        @Override
        public List<Segment> segments() {
            Comparator<Object> order = new ObjectDataType()::compare;
            return values.stream().distinct()
                    .sorted((a, b) -> order.compare(new Object[] {a.type(), a.value()},
                            new Object[] {b.type(), b.value()}))
                    .map(v -> new Segment(v.type(), v.value(), v.value()))
                    .toList();
        }
    }

    /** Ordered iterators of positions merged into one, in order and without repeats (a document in two). */
    private static final class Merged implements Iterator<Object> {

        private record Head(Object position, Iterator<Object> rest) {}

        /** Its own, as the merge runs after the index lock is released: the type caches what it saw last. */
        private final Comparator<Object> order = new ObjectDataType()::compare;
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.position(), b.position()));
        private Object last;
        private boolean started;

        Merged(List<Iterator<Object>> iterators) {
            iterators.forEach(this::push);
        }

        private void push(Iterator<Object> iterator) {
            if (iterator.hasNext()) {
                heads.add(new Head(iterator.next(), iterator));
            }
        }

        private void skipRepeats() {
            while (started && !heads.isEmpty() && order.compare(heads.peek().position(), last) == 0) {
                push(heads.poll().rest());
            }
        }

        @Override
        public boolean hasNext() {
            skipRepeats();
            return !heads.isEmpty();
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Head head = heads.poll();
            push(head.rest());
            last = head.position();
            started = true;
            return last;
        }
    }

    /** Documents with a value of one type between two bounds, either of which may be open. */
    private final class Range implements Lookup {

        private final int type;
        private final Value low;
        private final Value high;

        Range(Value typed, Value low, Value high) {
            this.type = typed.type();
            this.low = low;
            this.high = high;
        }

        @Override
        public Iterable<Object> positions() {
            if (wide()) {
                // Collecting and ordering that many positions costs more than reading the documents in order,
                // which lets a limited query stop early, as a scan does.
                return () -> documents.keyIterator(null);
            }
            Set<Object> found = new TreeSet<>(positions);
            entries(type, low == null ? null : low.value(), high == null ? null : high.value())
                    .forEachRemaining(found::add);
            if (type == NUMBER && high != null) {
                // NaN sorts above every number here, while the engine may take it as 0 beside a long
                entries(NUMBER, Double.NaN, Double.NaN).forEachRemaining(found::add);
            }
            return found;
        }

        @Override
        public List<Segment> segments() {
            return List.of(new Segment(type, low == null ? null : low.value(), high == null ? null : high.value()));
        }

        /** Whether the range holds entries for more than an eighth of the documents (counted in the tree). */
        private boolean wide() {
            long from = rank(low == null ? new Object[] {type} : new Object[] {type, low.value()});
            long to = rank(high == null ? new Object[] {type + 1} : new Object[] {type, high.value()});
            return (to - from) * 8 > documents.sizeAsLong();
        }

        /** Where a key that is never an entry would go. */
        private long rank(Object[] probe) {
            long index = map.getKeyIndex(probe);
            return index < 0 ? -index - 1 : index;
        }
    }

    /** The positions of the entries of one type whose value lies between two inclusive bounds (null: open). */
    private Iterator<Object> entries(int type, Object from, Object to) {
        Iterator<Object> keys = map.keyIterator(from == null ? new Object[] {type} : new Object[] {type, from});
        return new Iterator<>() {
            private Object next = advance();

            private Object advance() {
                if (!keys.hasNext()) {
                    return null;
                }
                Object[] key = (Object[]) keys.next();
                if ((Integer) key[0] != type || key.length < 3 || (to != null && compare(key[1], to) > 0)) {
                    return null;
                }
                return key[2];
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Object position = next;
                next = advance();
                return position;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }
}
