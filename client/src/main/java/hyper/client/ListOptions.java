package hyper.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of {@code data().list}: a range of {@code _id}s, or given keys, a limit and the order.
 * Immutable; start from {@link #all()}.
 *
 * <pre>{@code
 * hyper.data().list(ListOptions.all().withStartkey("2001").withEndkey("2004").withLimit(2));
 * }</pre>
 *
 * @param startkey the first {@code _id} (inclusive)
 * @param endkey the last {@code _id} (inclusive)
 * @param keys only these {@code _id}s
 * @param limit at most this many documents
 * @param descending {@code _id} order, highest first, when true
 */
public record ListOptions(Optional<String> startkey, Optional<String> endkey, List<String> keys, OptionalInt limit,
        Optional<Boolean> descending) {

    public ListOptions {
        Objects.requireNonNull(startkey);
        Objects.requireNonNull(endkey);
        keys = List.copyOf(keys);
        Objects.requireNonNull(limit);
        Objects.requireNonNull(descending);
    }

    /** No options: every document, ascending. */
    public static ListOptions all() {
        return new ListOptions(Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty(), Optional.empty());
    }

    public ListOptions withStartkey(String startkey) {
        return new ListOptions(Optional.of(startkey), endkey, keys, limit, descending);
    }

    public ListOptions withEndkey(String endkey) {
        return new ListOptions(startkey, Optional.of(endkey), keys, limit, descending);
    }

    public ListOptions withKeys(List<String> keys) {
        return new ListOptions(startkey, endkey, keys, limit, descending);
    }

    public ListOptions withLimit(int limit) {
        return new ListOptions(startkey, endkey, keys, OptionalInt.of(limit), descending);
    }

    public ListOptions withDescending(boolean descending) {
        return new ListOptions(startkey, endkey, keys, limit, Optional.of(descending));
    }

    /** The query parameters, as hyper-connect sends them ({@code keys} as one comma list). */
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        limit.ifPresent(l -> p.put("limit", Integer.toString(l)));
        startkey.ifPresent(s -> p.put("startkey", s));
        endkey.ifPresent(s -> p.put("endkey", s));
        if (!keys.isEmpty()) {
            p.put("keys", String.join(",", keys));
        }
        descending.ifPresent(d -> p.put("descending", d.toString()));
        return p;
    }
}
