package hyper.storage.s3;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.storage.BucketName;
import hyper.core.storage.StoragePort;
import hyper.testing.S3ProxyServer;
import hyper.testing.StoragePortContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter with {@code ?bucket=shared}: every hyper bucket a key prefix of one existing S3 bucket, so
 * any bucket name is kept as it is. The storage port's contract, then the key layout.
 */
class S3SharedBucketStorageTest extends StoragePortContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Map<Path, String> PREFIX_OF_DIR = new HashMap<>();

    static S3ProxyServer s3;
    static S3Client peek;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        peek = S3Fixture.peek(s3);
        peek.createBucket(b -> b.bucket("shared"));
    }

    @AfterAll
    static void stopS3() {
        if (peek != null) {
            peek.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** Each case has a prefix of its own in the one bucket, so cases see only their own buckets. */
    @Override
    protected StoragePort openPort(Path dir) {
        String prefix = PREFIX_OF_DIR.computeIfAbsent(dir, d -> "t" + PREFIXES.incrementAndGet());
        return S3Fixture.open(s3.url("bucket=shared"), prefix);
    }

    private String prefix() {
        return PREFIX_OF_DIR.get(dir);
    }

    private List<String> keys() {
        return peek.listObjectsV2Paginator(b -> b.bucket("shared").prefix(prefix() + "/")).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    void eachBucketIsAMarkerAndAKeyPrefixOfTheSharedBucket() {
        put(MEDIA, "photos/2024/cat.png", "meow");
        storage.createBucket(BucketName.of("My Photos été"));
        assertEquals(List.of(prefix() + "/My Photos été/", prefix() + "/media/", prefix() + "/media/photos/2024/cat.png"),
                keys().stream().sorted().toList());
        assertEquals(List.of("My Photos été", "media"), storage.listStores().stream().map(StoreInfo::name).toList());
        storage.removeBucket(MEDIA);
        assertEquals(List.of(prefix() + "/My Photos été/"), keys());
    }

    @Test
    void theSharedBucketMustExistAtOpen() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> S3Fixture.open(s3.url("bucket=missing-bucket"), "p"));
        assertTrue(e.getMessage().contains("has no bucket 'missing-bucket'"), e.getMessage());
    }

    @Test
    void aKeyLongerThanS3AllowsIsRefused() {
        String path = ("x".repeat(250) + "/").repeat(5) + "y";
        assertFact(Fact.NAME_TOO_LONG, () -> storage.put(MEDIA, path, unreadable()));
    }
}
