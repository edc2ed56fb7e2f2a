package hyper.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of {@code data().query}. Immutable; start from {@link #none()}.
 *
 * <pre>{@code
 * hyper.data().query(Map.of("type", "album"),
 *         QueryOptions.none().withSort(Sort.desc("title")).withFields("_id", "band").withLimit(10));
 * }</pre>
 *
 * @param fields only these fields of each document
 * @param sort the sort keys, in order
 * @param limit at most this many documents (the server's default is 25)
 * @param skip skip this many first
 * @param useIndex the name of the index to use ({@code use_index})
 */
public record QueryOptions(List<String> fields, List<Sort> sort, OptionalInt limit, OptionalInt skip,
        Optional<String> useIndex) {

    public QueryOptions {
        fields = List.copyOf(fields);
        sort = List.copyOf(sort);
        Objects.requireNonNull(limit);
        Objects.requireNonNull(skip);
        Objects.requireNonNull(useIndex);
    }

    public static QueryOptions none() {
        return new QueryOptions(List.of(), List.of(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    public QueryOptions withFields(String... fields) {
        return new QueryOptions(List.of(fields), sort, limit, skip, useIndex);
    }

    public QueryOptions withSort(Sort... sort) {
        return new QueryOptions(fields, List.of(sort), limit, skip, useIndex);
    }

    public QueryOptions withLimit(int limit) {
        return new QueryOptions(fields, sort, OptionalInt.of(limit), skip, useIndex);
    }

    public QueryOptions withSkip(int skip) {
        return new QueryOptions(fields, sort, limit, OptionalInt.of(skip), useIndex);
    }

    public QueryOptions withUseIndex(String index) {
        return new QueryOptions(fields, sort, limit, skip, Optional.of(index));
    }

    /** The body members besides {@code selector}; absent options are not sent, as in hyper-connect. */
    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (!fields.isEmpty()) {
            b.put("fields", fields);
        }
        if (!sort.isEmpty()) {
            b.put("sort", sort.stream().map(Sort::json).toList());
        }
        limit.ifPresent(l -> b.put("limit", l));
        skip.ifPresent(s -> b.put("skip", s));
        useIndex.ifPresent(i -> b.put("use_index", i));
        return b;
    }
}
