package hyper.core.storage;

import java.time.Instant;

/** An object's path in its bucket, its size in bytes and when it was last written. */
public record ObjectInfo(String path, long size, Instant lastModified) {}
