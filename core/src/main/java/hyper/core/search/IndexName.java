package hyper.core.search;

import hyper.core.Names;
import hyper.core.Service;
import hyper.core.StoreName;

/** A search index name: any string {@link Names#requireSafe} accepts, case-sensitive. */
public record IndexName(String value) implements StoreName {

    public IndexName {
        Names.requireSafe(value);
    }

    public static IndexName of(String raw) {
        return new IndexName(raw);
    }

    @Override
    public Service service() {
        return Service.SEARCH;
    }

    @Override
    public String toString() {
        return value;
    }
}
