package hyper.core.data;

import java.util.List;
import java.util.Optional;

/**
 * Which documents {@link DataPort#list} returns.
 *
 * @param limit at most this many; 0 = all
 * @param startKey only ids &ge; this
 * @param endKey only ids &le; this
 * @param keys only these ids
 * @param descending reverse {@code _id} order
 */
public record ListOptions(int limit, Optional<String> startKey, Optional<String> endKey,
        Optional<List<String>> keys, boolean descending) {}
