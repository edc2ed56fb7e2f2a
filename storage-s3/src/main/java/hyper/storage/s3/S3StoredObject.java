package hyper.storage.s3;

import hyper.core.HyperException;
import hyper.core.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object opened on S3: its size, its version (ETag) and its first bytes, read when it was opened. An
 * object no larger than {@link S3Storage#FIRST_READ} is wholly in memory, so it reads as it was even once
 * replaced or removed. A larger one is read by ranged requests bound to the ETag it had: if it was replaced
 * or removed meanwhile, the read fails (a conflict) instead of mixing two versions.
 */
final class S3StoredObject implements StoredObject {

    private static final int COPY_BUFFER = 64 * 1024;

    private final S3Storage storage;
    private final String s3Bucket;
    private final String key;
    private final long size;
    private final String etag;
    private final byte[] start;

    S3StoredObject(S3Storage storage, String s3Bucket, String key, long size, String etag, byte[] start) {
        this.storage = storage;
        this.s3Bucket = s3Bucket;
        this.key = key;
        this.size = size;
        this.etag = etag;
        this.start = start;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void copyTo(long offset, long length, OutputStream out) throws IOException {
        long end = Math.min(size, offset + length);
        long position = Math.max(0, offset);
        if (position < start.length && position < end) {
            int upTo = (int) Math.min(start.length, end);
            out.write(start, (int) position, upTo - (int) position);
            position = upTo;
        }
        if (position >= end) {
            return;
        }
        try (ResponseInputStream<GetObjectResponse> in = storage.read(s3Bucket, key, etag, position, end - 1)) {
            byte[] buffer = new byte[COPY_BUFFER];
            while (position < end) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, end - position));
                } catch (IOException e) {
                    in.abort();
                    throw HyperException.unavailable("lost the storage engine at " + storage.where()
                            + " while reading: " + e.getMessage(), e);
                }
                if (n < 0) {
                    throw HyperException.failed("the storage engine sent fewer bytes than the object has", null);
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    in.abort(); // the client went away: do not drain the rest of the range
                    throw e;
                }
                position += n;
            }
        }
    }

    @Override
    public void close() {
        // nothing is held open between reads
    }
}
