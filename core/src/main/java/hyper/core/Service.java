package hyper.core;

import java.util.List;
import java.util.Locale;

/** The five services of hyper, in the original's order. */
public enum Service {
    CACHE,
    DATA,
    STORAGE,
    SEARCH,
    QUEUE;

    /** Every service, in the original's order. */
    public static final List<Service> ALL = List.of(values());

    /** The name in URLs and in the info documents: {@code cache}, {@code data} ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ids of every service, in order. */
    public static List<String> ids() {
        return ALL.stream().map(Service::id).toList();
    }
}
