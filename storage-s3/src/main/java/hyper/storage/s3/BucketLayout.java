package hyper.storage.s3;

import hyper.core.storage.BucketName;
import java.util.Optional;

/**
 * Where a hyper bucket lives on S3: an S3 bucket of its own named {@code <prefix>-<bucket>} (the bucket
 * name then has to be one S3 can hold), or, when the URL names one existing bucket, the key prefix
 * {@code <prefix>/<bucket>/} in it, marked as existing by an empty object of that very key.
 */
record BucketLayout(Optional<String> sharedBucket, String prefix) {

    /** Whether every hyper bucket is a key prefix of one S3 bucket. */
    boolean shared() {
        return sharedBucket.isPresent();
    }

    /** The S3 bucket holding {@code bucket}'s objects; a name S3 cannot hold is a 400. */
    String s3Bucket(BucketName bucket) {
        S3Names.checkSegment(bucket.value());
        if (sharedBucket.isPresent()) {
            return sharedBucket.get();
        }
        String name = prefix.isEmpty() ? bucket.value() : prefix + "-" + bucket.value();
        if (!S3Names.validBucket(name)) {
            throw S3Names.invalidBucket();
        }
        return name;
    }

    /** What the S3 buckets of this layout start with ({@code <prefix>-}); only for separate buckets. */
    String bucketNamePrefix() {
        return prefix.isEmpty() ? "" : prefix + "-";
    }

    /** What every key of this layout starts with in the shared bucket ({@code <prefix>/}). */
    String storesPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** The hyper bucket an S3 bucket or shared-bucket folder stands for, if it is one of this layout's. */
    Optional<String> bucketOf(String name) {
        if (shared()) {
            String inner = name.substring(storesPrefix().length(), name.length() - 1); // "<prefix>/<bucket>/"
            return inner.isEmpty() ? Optional.empty() : Optional.of(inner);
        }
        String start = bucketNamePrefix();
        return name.startsWith(start) && name.length() > start.length()
                ? Optional.of(name.substring(start.length())) : Optional.empty();
    }

    /** What {@code bucket}'s keys start with: nothing for a bucket of its own, its folder in the shared one. */
    String keyPrefix(BucketName bucket) {
        return shared() ? storesPrefix() + bucket.value() + "/" : "";
    }

    /** The key of the object at {@code path} (already checked); a key S3 cannot hold is a 400. */
    String key(BucketName bucket, String path) {
        return S3Names.checkKey(keyPrefix(bucket) + path);
    }
}
