package hyper.storage.s3;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectAccess;
import hyper.core.storage.ObjectInfo;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The storage port on an S3 service. Each hyper bucket is an S3 bucket ({@code <prefix>-<bucket>}) or a key
 * prefix of one shared bucket ({@link BucketLayout}); each object is one S3 object under its path.
 *
 * <p>Uploads are streamed: up to one part ({@link #PART_SIZE}) is held in memory, a larger body becomes a
 * multipart upload, completed (and so made visible, whole, in one step) only when the body has been read;
 * a failure aborts it. An upload whose name comes later ({@link #receive}) is written to a hidden key
 * ({@code .hyper-upload-<random>}) and copied to its name on S3's side at commit.
 *
 * <p>S3 has no folders: a folder exists while some key starts with it. So that a folder emptied by removals
 * stays until it is removed itself, as on the file system, removing the last object of a folder leaves an
 * empty {@code folder/} marker key (S3's console does the same); listings show neither markers nor hidden
 * keys. As on the file system, an object cannot be below an object nor where a folder is.
 */
final class S3Storage implements StoragePort {

    /** Bytes held in memory per upload: one multipart part (S3's minimum is 5 MiB; 10 000 parts: 80 GB). */
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    /** Bytes read when an object is opened: an object this small is read whole, in one request. */
    static final int FIRST_READ = 64 * 1024;
    /** The largest object S3 copies in one request; larger uploads are copied part by part. */
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private static final long COPY_PART = 1024L * 1024 * 1024;
    private static final String UPLOAD_PREFIX = S3Names.RESERVED_PREFIX + "upload-";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final BucketLayout layout;
    private final Region region;
    private final String where;

    S3Storage(S3Client s3, S3Presigner presigner, BucketLayout layout, Region region, String where) {
        this.s3 = s3;
        this.presigner = presigner;
        this.layout = layout;
        this.region = region;
        this.where = where;
    }

    // ---- buckets

    @Override
    public void createBucket(BucketName bucket) {
        String s3Bucket = layout.s3Bucket(bucket);
        engine(() -> {
            if (layout.shared()) {
                if (bucketExists(bucket)) {
                    throw HyperException.of(Fact.STORE_EXISTS);
                }
                s3.putObject(b -> b.bucket(s3Bucket).key(layout.keyPrefix(bucket)), RequestBody.empty());
                return null;
            }
            try {
                CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(s3Bucket);
                if (!region.equals(Region.US_EAST_1)) { // us-east-1 is the one region S3 wants unnamed
                    create.createBucketConfiguration(CreateBucketConfiguration.builder()
                            .locationConstraint(region.id()).build());
                }
                s3.createBucket(create.build());
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
                throw HyperException.of(Fact.STORE_EXISTS);
            }
            return null;
        });
    }

    @Override
    public void removeBucket(BucketName bucket) {
        String s3Bucket = layout.s3Bucket(bucket);
        engine(() -> {
            if (layout.shared()) {
                requireBucket(bucket);
                // the marker first: the bucket is gone at once, even while its keys are being deleted
                s3.deleteObject(b -> b.bucket(s3Bucket).key(layout.keyPrefix(bucket)));
                deleteAll(s3Bucket, layout.keyPrefix(bucket));
                return null;
            }
            for (int attempt = 1; ; attempt++) {
                deleteAll(s3Bucket, "");
                try {
                    s3.deleteBucket(b -> b.bucket(s3Bucket));
                    return null;
                } catch (S3Exception e) {
                    // an upload finished between the listing and the delete: empty it again
                    if (!"BucketNotEmpty".equals(code(e)) || attempt == 3) {
                        throw e;
                    }
                }
            }
        });
    }

    /** Deletes every key starting with {@code prefix}, a page of 1000 at a time. */
    private void deleteAll(String s3Bucket, String prefix) {
        String token = null;
        do {
            ListObjectsV2Response page = list(s3Bucket, prefix, false, null, token, 1000);
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(s3Bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
            }
            token = page.nextContinuationToken();
        } while (token != null);
    }

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(listStores().size());
    }

    @Override
    public List<StoreInfo> listStores() {
        return engine(() -> {
            List<String> names = new ArrayList<>();
            if (layout.shared()) {
                String token = null;
                do {
                    ListObjectsV2Response page = list(layout.sharedBucket().get(), layout.storesPrefix(), true,
                            null, token, 1000);
                    page.commonPrefixes().forEach(p -> layout.bucketOf(p.prefix()).ifPresent(names::add));
                    token = page.nextContinuationToken();
                } while (token != null);
            } else {
                s3.listBuckets().buckets().forEach(b -> layout.bucketOf(b.name()).ifPresent(names::add));
            }
            return names.stream().sorted().map(n -> new StoreInfo(n, OptionalLong.empty())).toList();
        });
    }

    /**
     * One listing request per page of S3's (1000 keys); the page asked for may take several when markers,
     * hidden keys or lines before {@code from} are skipped.
     */
    @Override
    public List<BucketEntry> objects(BucketName bucket, String prefix, boolean folders, String from, int limit) {
        String s3Bucket = layout.s3Bucket(bucket);
        String keyPrefix = layout.keyPrefix(bucket);
        return engine(() -> {
            if (layout.shared()) {
                requireBucket(bucket);
            }
            List<BucketEntry> lines = new ArrayList<>();
            // S3 starts after a key; starting after "from" less its last character includes "from" itself
            String startAfter = from.isEmpty() ? null : keyPrefix + from.substring(0, from.length() - 1);
            String token = null;
            do {
                ListObjectsV2Response page = list(s3Bucket, keyPrefix + prefix, folders, startAfter, token, 1000);
                TreeMap<String, BucketEntry> sorted = new TreeMap<>();
                for (S3Object o : page.contents()) {
                    String path = o.key().substring(keyPrefix.length());
                    if (!path.isEmpty() && !path.endsWith("/") && !S3Names.isReserved(path)) {
                        sorted.put(path, BucketEntry.object(new ObjectInfo(path, o.size(), o.lastModified())));
                    }
                }
                for (CommonPrefix p : page.commonPrefixes()) {
                    String path = p.prefix().substring(keyPrefix.length());
                    sorted.put(path, BucketEntry.folder(path));
                }
                for (BucketEntry line : sorted.tailMap(from, true).values()) {
                    lines.add(line);
                    if (lines.size() == limit) {
                        return lines;
                    }
                }
                token = page.nextContinuationToken();
            } while (token != null);
            return lines;
        });
    }

    private ListObjectsV2Response list(String s3Bucket, String prefix, boolean folders, String startAfter,
            String token, int max) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(s3Bucket).maxKeys(max);
        if (!prefix.isEmpty()) {
            request.prefix(prefix);
        }
        if (folders) {
            request.delimiter("/");
        }
        if (token != null) {
            request.continuationToken(token);
        } else if (startAfter != null && !startAfter.isEmpty()) {
            request.startAfter(startAfter);
        }
        return s3.listObjectsV2(request.build());
    }

    // ---- objects

    @Override
    public ObjectInfo put(BucketName bucket, String path, InputStream content) {
        S3Names.checkPath(path);
        String s3Bucket = layout.s3Bucket(bucket);
        String key = layout.key(bucket, path);
        return engine(() -> {
            if (layout.shared()) {
                requireBucket(bucket); // before any byte is read
            }
            refuseClash(s3Bucket, layout.keyPrefix(bucket), key, path);
            long size = write(s3Bucket, key, content);
            return new ObjectInfo(path, size, Instant.now());
        });
    }

    @Override
    public Upload receive(BucketName bucket, InputStream content) {
        String s3Bucket = layout.s3Bucket(bucket);
        String temp = layout.keyPrefix(bucket) + UPLOAD_PREFIX + UUID.randomUUID();
        return engine(() -> {
            if (layout.shared()) {
                requireBucket(bucket);
            }
            long size = write(s3Bucket, temp, content);
            return new PendingUpload(bucket, s3Bucket, temp, size);
        });
    }

    /**
     * Writes {@code content} to {@code key}: one request when it fits in a part, else a multipart upload that
     * is completed only after the last byte, and aborted on any failure. Returns the size.
     */
    private long write(String s3Bucket, String key, InputStream content) {
        // A small body takes a buffer of its size; only a body of a whole part gets the reused part buffer.
        byte[] first = readFirstPart(content);
        if (first.length < PART_SIZE) {
            s3.putObject(b -> b.bucket(s3Bucket).key(key), body(first, first.length));
            return first.length;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(s3Bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = first;
            int n = first.length;
            long size = 0;
            do {
                if (parts.size() == MAX_PARTS) {
                    throw HyperException.refused("an object may be at most " + (long) MAX_PARTS * PART_SIZE
                            + " bytes on this engine");
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(s3Bucket).key(key).uploadId(uploadId).partNumber(number),
                        body(part, n)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += n;
                n = readPart(content, part);
            } while (n > 0);
            s3.completeMultipartUpload(b -> b.bucket(s3Bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return size;
        } catch (RuntimeException e) {
            abort(s3Bucket, key, uploadId, e);
            throw e;
        }
    }

    private void abort(String s3Bucket, String key, String uploadId, RuntimeException failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(s3Bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e); // the parts stay until a lifecycle rule removes them
        }
    }

    /** A body the SDK can read again when it retries, without copying the part. */
    private static RequestBody body(byte[] part, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length,
                "application/octet-stream");
    }

    /**
     * Refuses, as the file system does, an object below an object ({@code a.txt/b.txt}) and an object where a
     * folder is ({@code a} while {@code a/...} exists), which S3 itself would store side by side: one request
     * per folder on the path, and one more.
     */
    private void refuseClash(String s3Bucket, String keyPrefix, String key, String path) {
        for (int slash = key.indexOf('/', keyPrefix.length()); slash >= 0; slash = key.indexOf('/', slash + 1)) {
            if (exists(s3Bucket, key.substring(0, slash))) {
                throw HyperException.conflict("cannot store '" + path + "': a folder on its path is an object");
            }
        }
        if (!list(s3Bucket, key + "/", false, null, null, 1).contents().isEmpty()) {
            throw HyperException.conflict("cannot store '" + path + "': it is a folder");
        }
    }

    /** Up to a part's bytes from the client's stream, in an array of the size read. */
    private static byte[] readFirstPart(InputStream content) {
        try {
            return content.readNBytes(PART_SIZE);
        } catch (IOException e) {
            throw HyperException.refused("cannot read request body: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw HyperException.refused("cannot read request body: " + e.getCause().getMessage());
        }
    }

    /** Fills {@code part} from the client's stream; a failure there is the client's (it went away). */
    private static int readPart(InputStream content, byte[] part) {
        try {
            return content.readNBytes(part, 0, part.length);
        } catch (IOException e) {
            throw HyperException.refused("cannot read request body: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw HyperException.refused("cannot read request body: " + e.getCause().getMessage());
        }
    }

    @Override
    public StoredObject open(BucketName bucket, String path) {
        S3Names.checkPath(path);
        String s3Bucket = layout.s3Bucket(bucket);
        String key = layout.key(bucket, path);
        return engine(() -> {
            GetObjectRequest first = GetObjectRequest.builder().bucket(s3Bucket).key(key)
                    .range("bytes=0-" + (FIRST_READ - 1)).build();
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(first)) {
                GetObjectResponse response = in.response();
                long size = totalSize(response);
                byte[] start = in.readNBytes((int) Math.min(FIRST_READ, size));
                if (size > start.length) {
                    in.abort(); // a server that ignored the range sends the rest: do not read it
                }
                return new S3StoredObject(this, s3Bucket, key, size, response.eTag(), start);
            } catch (NoSuchKeyException e) {
                if (layout.shared()) {
                    requireBucket(bucket);
                }
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            } catch (S3Exception e) {
                if (e.statusCode() == 416) { // S3 has no range of an empty object
                    var head = s3.headObject(b -> b.bucket(s3Bucket).key(key));
                    return new S3StoredObject(this, s3Bucket, key, head.contentLength(), head.eTag(), new byte[0]);
                }
                throw e;
            } catch (IOException e) {
                throw HyperException.unavailable("cannot read from the storage engine at " + where + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** The object's size from {@code Content-Range: bytes 0-N/SIZE}, or the length when the range was ignored. */
    private static long totalSize(GetObjectResponse response) {
        String range = response.contentRange();
        if (range != null && range.lastIndexOf('/') >= 0) {
            String total = range.substring(range.lastIndexOf('/') + 1).strip();
            if (!total.equals("*")) {
                return Long.parseLong(total);
            }
        }
        return response.contentLength();
    }

    /** A ranged read of the version {@code etag}; used by {@link S3StoredObject}. */
    ResponseInputStream<GetObjectResponse> read(String s3Bucket, String key, String etag, long first, long last) {
        return engine(() -> {
            try {
                return s3.getObject(b -> b.bucket(s3Bucket).key(key).ifMatch(etag).range("bytes=" + first + "-" + last));
            } catch (NoSuchKeyException e) {
                throw HyperException.conflict("the object was removed while it was read");
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw HyperException.conflict("the object was replaced while it was read");
                }
                throw e;
            }
        });
    }

    @Override
    public void remove(BucketName bucket, String path) {
        S3Names.checkPath(path);
        String s3Bucket = layout.s3Bucket(bucket);
        String key = layout.key(bucket, path);
        engine(() -> {
            if (exists(s3Bucket, key)) {
                s3.deleteObject(b -> b.bucket(s3Bucket).key(key));
            } else {
                ListObjectsV2Response below = list(s3Bucket, key + "/", false, null, null, 2);
                if (below.contents().stream().anyMatch(o -> !o.key().equals(key + "/"))) {
                    throw HyperException.conflict("cannot remove '" + path + "': it is a folder that is not empty");
                }
                if (below.contents().isEmpty()) {
                    if (layout.shared()) {
                        requireBucket(bucket);
                    }
                    throw HyperException.of(Fact.ITEM_NOT_FOUND);
                }
                s3.deleteObject(b -> b.bucket(s3Bucket).key(key + "/")); // an empty folder's marker
            }
            keepFolder(s3Bucket, key, layout.keyPrefix(bucket));
            return null;
        });
    }

    /** Leaves a marker for the folder of {@code key} if removing {@code key} emptied it. */
    private void keepFolder(String s3Bucket, String key, String keyPrefix) {
        int slash = key.lastIndexOf('/');
        if (slash < keyPrefix.length()) {
            return; // at the bucket's top
        }
        String folder = key.substring(0, slash + 1);
        if (list(s3Bucket, folder, false, null, null, 1).contents().isEmpty()) {
            s3.putObject(b -> b.bucket(s3Bucket).key(folder), RequestBody.empty());
        }
    }

    private boolean exists(String s3Bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(s3Bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                if (!layout.shared() && !bucketExists(s3Bucket)) {
                    throw HyperException.of(Fact.STORE_NOT_FOUND);
                }
                return false;
            }
            throw e;
        }
    }

    private boolean bucketExists(String s3Bucket) {
        try {
            s3.headBucket(b -> b.bucket(s3Bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the hyper bucket exists: its S3 bucket, or its marker key in the shared bucket. */
    private boolean bucketExists(BucketName bucket) {
        if (!layout.shared()) {
            return bucketExists(layout.s3Bucket(bucket));
        }
        try {
            s3.headObject(b -> b.bucket(layout.sharedBucket().get()).key(layout.keyPrefix(bucket)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void requireBucket(BucketName bucket) {
        if (!bucketExists(bucket)) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
    }

    @Override
    public Optional<URI> presignedUrl(BucketName bucket, String path, ObjectAccess access, Duration lifetime,
            String contentType) {
        S3Names.checkPath(path);
        String s3Bucket = layout.s3Bucket(bucket);
        String key = layout.key(bucket, path);
        return Optional.of(engine(() -> switch (access) {
            case DOWNLOAD -> presigner.presignGetObject(p -> p.signatureDuration(lifetime)
                    .getObjectRequest(g -> g.bucket(s3Bucket).key(key).responseContentType(contentType)))
                    .url().toURI();
            case UPLOAD -> presigner.presignPutObject(p -> p.signatureDuration(lifetime)
                    .putObjectRequest(g -> g.bucket(s3Bucket).key(key))).url().toURI();
        }));
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    // ---- uploads whose name comes later

    /** Bytes under a hidden key, copied to their name on S3's side at commit. */
    private final class PendingUpload implements Upload {

        private final BucketName bucket;
        private final String s3Bucket;
        private final String temp;
        private final long size;
        private boolean done;

        PendingUpload(BucketName bucket, String s3Bucket, String temp, long size) {
            this.bucket = bucket;
            this.s3Bucket = s3Bucket;
            this.temp = temp;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ObjectInfo commit(String path) {
            if (done) {
                throw new IllegalStateException("upload already committed or discarded");
            }
            S3Names.checkPath(path);
            String key = layout.key(bucket, path);
            engine(() -> {
                if (layout.shared()) {
                    requireBucket(bucket); // removed meanwhile: the upload must not bring it back
                }
                refuseClash(s3Bucket, layout.keyPrefix(bucket), key, path);
                try {
                    copy(key);
                } catch (NoSuchKeyException | NoSuchBucketException e) {
                    throw HyperException.of(Fact.STORE_NOT_FOUND); // the bucket, with the upload, was removed
                }
                return null;
            });
            done = true;
            deleteTemp();
            return new ObjectInfo(path, size, Instant.now());
        }

        /** S3 copies up to 5 GiB in one request; a larger upload is copied in parts of 1 GiB. */
        private void copy(String key) {
            if (size <= MAX_SINGLE_COPY) {
                s3.copyObject(b -> b.sourceBucket(s3Bucket).sourceKey(temp).destinationBucket(s3Bucket)
                        .destinationKey(key));
                return;
            }
            String uploadId = s3.createMultipartUpload(b -> b.bucket(s3Bucket).key(key)).uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                for (long first = 0; first < size; first += COPY_PART) {
                    int number = parts.size() + 1;
                    String range = "bytes=" + first + "-" + (Math.min(size, first + COPY_PART) - 1);
                    String etag = s3.uploadPartCopy(b -> b.sourceBucket(s3Bucket).sourceKey(temp)
                            .destinationBucket(s3Bucket).destinationKey(key).uploadId(uploadId)
                            .partNumber(number).copySourceRange(range)).copyPartResult().eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(s3Bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (RuntimeException e) {
                abort(s3Bucket, key, uploadId, e);
                throw e;
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                deleteTemp();
            }
        }

        private void deleteTemp() {
            try {
                s3.deleteObject(b -> b.bucket(s3Bucket).key(temp));
            } catch (SdkException e) {
                // a hidden key left behind is never listed; a lifecycle rule on .hyper-upload- removes it
            }
        }
    }

    // ---- errors

    /**
     * Runs an engine call, turning the SDK's failures into facts: the engine unreachable or overloaded is
     * ENGINE_UNAVAILABLE (503, and the next call tries again), a missing bucket or key is NOT_FOUND, anything
     * else a FAILED for the server log.
     */
    <T> T engine(Callable<T> call) {
        try {
            return call.call();
        } catch (HyperException e) {
            throw e;
        } catch (NoSuchBucketException e) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        } catch (NoSuchKeyException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        } catch (S3Exception e) {
            if ("NoSuchBucket".equals(code(e))) {
                throw HyperException.of(Fact.STORE_NOT_FOUND);
            }
            if (e.statusCode() == 503 || e.statusCode() == 502 || e.statusCode() == 504) {
                throw HyperException.unavailable("the storage engine at " + where + " is unavailable: "
                        + e.getMessage(), e);
            }
            throw HyperException.failed("the storage engine at " + where + " failed: " + e.getMessage(), e);
        } catch (SdkClientException e) {
            throw HyperException.unavailable("cannot reach the storage engine at " + where + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw HyperException.failed("the storage engine at " + where + " failed: " + e.getMessage(), e);
        }
    }

    /** An action that may throw; see {@link #engine}. */
    @FunctionalInterface
    interface Callable<T> {
        T call() throws Exception;
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }

    String where() {
        return where;
    }

}
