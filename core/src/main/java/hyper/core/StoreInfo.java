package hyper.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A store as the listing of a service's stores shows it.
 *
 * @param name the store's name
 * @param count how many items it holds (live cache entries, documents, jobs), when the engine can count them
 *     cheaply; empty otherwise (a bucket's objects would take a walk of its folders)
 */
public record StoreInfo(String name, OptionalLong count) {

    public StoreInfo {
        Objects.requireNonNull(name);
        Objects.requireNonNull(count);
    }
}
