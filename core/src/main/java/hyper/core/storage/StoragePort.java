package hyper.core.storage;

import hyper.core.StoreInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Buckets of binary objects addressed by a path ({@code a/b/c.png}; each {@code /} is a sub-folder).
 * Writes are atomic: a reader sees the old object or the new one, never a part, and a crash during a write
 * leaves no object behind under its name. Object paths that could leave the bucket are refused
 * with PATH_RELATIVE (BAD_REQUEST); every failure is a {@link hyper.core.HyperException}.
 */
public interface StoragePort extends AutoCloseable {

    /** Creates an empty bucket; STORE_EXISTS if it exists. */
    void createBucket(BucketName bucket);

    /** Deletes a bucket and everything in it; STORE_NOT_FOUND if it does not exist. */
    void removeBucket(BucketName bucket);

    /** How many buckets exist, counted when asked (for monitoring); empty when the engine cannot tell. */
    default OptionalLong storeCount() {
        return OptionalLong.empty();
    }

    /** Every bucket, sorted by name, without counts: counting objects would walk every folder. */
    List<StoreInfo> listStores();

    /**
     * A page of a bucket's listing (for the admin API): the objects whose path starts with {@code prefix}, in
     * path order, from the first whose line is {@code >= from}, at most {@code limit}. With {@code folders},
     * objects deeper than one folder below the prefix are grouped into one line per folder
     * ({@code prefix + name + "/"}), as S3's delimiter {@code /} does. STORE_NOT_FOUND if there is no such
     * bucket.
     */
    List<BucketEntry> objects(BucketName bucket, String prefix, boolean folders, String from, int limit);

    /**
     * Stores {@code content} under {@code path}, replacing any object there. The names are checked before
     * any byte is read.
     */
    ObjectInfo put(BucketName bucket, String path, InputStream content);

    /**
     * Reads {@code content} into the bucket without giving it a name yet, for uploads that learn the name
     * only after the bytes (a form whose {@code path} field follows its file). STORE_NOT_FOUND if the bucket
     * does not exist.
     */
    Upload receive(BucketName bucket, InputStream content);

    /** Opens the object for reading; ITEM_NOT_FOUND if there is no object (a folder is not one). */
    StoredObject open(BucketName bucket, String path);

    /** Deletes the object, or an empty folder; ITEM_NOT_FOUND if absent. */
    void remove(BucketName bucket, String path);

    /**
     * A URL of the engine's own (an S3 presigned URL) that lets whoever holds it, with no other credentials,
     * download or upload the object at {@code path} for {@code lifetime}; a download answers with
     * {@code contentType}, as the server's own download would. Empty (the default) when the engine has none:
     * the server then hands out a URL it signs itself. The names are checked; as with S3, whether the bucket
     * and the object exist is found out when the URL is used.
     */
    default Optional<URI> presignedUrl(BucketName bucket, String path, ObjectAccess access, Duration lifetime,
            String contentType) {
        return Optional.empty();
    }

    @Override
    void close();
}
