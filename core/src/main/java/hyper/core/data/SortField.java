package hyper.core.data;

/** One field of a sort or index specification. */
public record SortField(String field, boolean descending) {}
