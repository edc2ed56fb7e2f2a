package hyper.core.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a bucket's listing: an object, or a folder when the listing groups by {@code /}.
 *
 * @param path the object's path in its bucket, or the folder's path ending in {@code /}
 * @param object the object's size and time of last write; empty for a folder
 */
public record BucketEntry(String path, Optional<ObjectInfo> object) {

    /** An object's line. */
    public static BucketEntry object(ObjectInfo info) {
        return new BucketEntry(info.path(), Optional.of(info));
    }

    /** A folder's line; {@code path} ends in {@code /}. */
    public static BucketEntry folder(String path) {
        return new BucketEntry(path, Optional.empty());
    }

    /** Whether this is a folder. */
    public boolean folder() {
        return object.isEmpty();
    }

    /** The object's size, 0 for a folder. */
    public long size() {
        return object.map(ObjectInfo::size).orElse(0L);
    }

    /** The object's last write, if it is one. */
    public Optional<Instant> lastModified() {
        return object.map(ObjectInfo::lastModified);
    }
}
