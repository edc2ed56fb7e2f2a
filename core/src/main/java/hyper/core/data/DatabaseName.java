package hyper.core.data;

import hyper.core.Names;
import hyper.core.Service;
import hyper.core.StoreName;

/** A database name: any string {@link Names#requireSafe} accepts, case-sensitive. */
public record DatabaseName(String value) implements StoreName {

    public DatabaseName {
        Names.requireSafe(value);
    }

    public static DatabaseName of(String raw) {
        return new DatabaseName(raw);
    }

    @Override
    public Service service() {
        return Service.DATA;
    }

    @Override
    public String toString() {
        return value;
    }
}
