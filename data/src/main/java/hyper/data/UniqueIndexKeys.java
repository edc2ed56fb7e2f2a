package hyper.data;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;

/**
 * The maps of the embedded engine's unique indexes (the {@code _id} index of every collection), ordered by
 * their keys' values instead of by the keys' Java serialisation.
 *
 * <p>A unique index maps a {@link KeyValue} (the document's values at the index's fields) to the document's
 * position. H2's default key type compares a class it does not know, such as {@code KeyValue}, by
 * serialising both sides with {@code ObjectOutputStream} at every step of a lookup: about 90 % of the
 * engine's time in a get by id. {@link KeyType} compares the values inside instead, each as H2 already
 * compares the collection's own keys (strings and numbers natively, other classes as before), so two keys
 * are equal exactly when they were before; and it writes a key as its values, not through Java serialisation.
 *
 * <p>A map written in the old order and format is rewritten once, when first opened ({@link #open}): copied
 * entry by entry into a map of the new order, which then takes the old one's name. Every state a kill can
 * leave on the way is finished or started again on the next open; a mark in the backend's own state map
 * records the maps in the new order.
 */
final class UniqueIndexKeys {

    /** Suffix of the copy being made of a map written in the old order. */
    static final String REORDERING = "._hyper_reordering";
    private static final String ORDERED_MARK = "uniqueKeysOrdered.";

    private UniqueIndexKeys() {}

    /** The builder of a unique index's map: {@link KeyType} keys, H2's default values (positions). */
    static MVMap.Builder<Object, Object> mapBuilder() {
        return new MVMap.Builder<Object, Object>().keyType(new KeyType());
    }

    /**
     * Opens (or creates) the unique index map {@code name} in the value order, rewriting it first if the
     * file holds it in the old one.
     *
     * @param state the backend's own map, where the maps in the new order are marked
     */
    static MVMap<Object, Object> open(MVStore store, MVMap<String, Object> state, String name) {
        String copyName = name + REORDERING;
        if (store.hasMap(copyName)) {
            if (store.hasMap(name)) {
                store.removeMap(copyName); // a copy left unfinished: made again below
            } else {
                // killed after the old map was removed, so the copy was complete
                store.renameMap(store.openMap(copyName, mapBuilder()), name);
                state.put(ORDERED_MARK + name, Boolean.TRUE);
            }
        }
        if (store.hasMap(name) && !state.containsKey(ORDERED_MARK + name)) {
            reorder(store, name, copyName);
        }
        MVMap<Object, Object> map = store.openMap(name, mapBuilder());
        state.putIfAbsent(ORDERED_MARK + name, Boolean.TRUE); // a store opened again is left unchanged
        return map;
    }

    /** Copies the map written in the old order into one in the value order, which then takes its name. */
    private static void reorder(MVStore store, String name, String copyName) {
        // a walk over a map's pages never compares keys, so the old order does not matter to it; the key type
        // reads keys in either format (a map renamed before a kill left its mark unwritten is in the new one)
        MVMap<Object, Object> old = store.openMap(name, mapBuilder());
        MVMap<Object, Object> copy = store.openMap(copyName, mapBuilder());
        Cursor<Object, Object> entries = old.cursor(null);
        while (entries.hasNext()) {
            Object key = entries.next();
            copy.put(key, entries.getValue());
        }
        store.removeMap(old);
        store.renameMap(copy, name);
    }

    /**
     * Unique index keys in the order of their values: element by element as H2 orders the collection's own
     * keys, then the shorter first. Written as their values one after the other, each as H2's default type
     * writes it (a string or a number natively, other classes serialised): not the whole key through
     * {@code ObjectOutputStream}, which cost as much as the rest of a write's commit. Keys H2's default type
     * wrote, in a file not yet rewritten, are read too.
     */
    static final class KeyType extends OwnFormType {

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue x && b instanceof KeyValue y) {
                int shared = Math.min(x.size(), y.size());
                for (int i = 0; i < shared; i++) {
                    int order = compareValues(x.get(i), y.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            return defaults.compare(a, b); // not written by the engine: as the default type would
        }

        private int compareValues(Object a, Object b) {
            if (a == null || b == null) {
                return a == b ? 0 : a == null ? -1 : 1;
            }
            return defaults.compare(a, b);
        }

        @Override
        public int getMemory(Object key) {
            if (key instanceof KeyValue keyValue) {
                int memory = 24;
                for (Object value : keyValue) {
                    memory += value == null ? 4 : defaults.getMemory(value);
                }
                return memory;
            }
            return defaults.getMemory(key);
        }

        @Override
        public void write(WriteBuffer buffer, Object key) {
            if (key instanceof KeyValue keyValue) {
                buffer.put(OWN).putVarInt(keyValue.size());
                for (Object value : keyValue) {
                    defaults.write(buffer, value);
                }
            } else {
                defaults.write(buffer, key);
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (!isOwnForm(buffer)) {
                return defaults.read(buffer); // as H2's default type wrote it: a file not yet rewritten
            }
            buffer.get();
            int size = DataUtils.readVarInt(buffer);
            List<Object> elements = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                elements.add(defaults.read(buffer));
            }
            return new KeyValue(elements);
        }
    }
}
