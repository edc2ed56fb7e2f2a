package hyper.testing;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.storage.BucketEntry;
import hyper.core.storage.BucketName;
import hyper.core.storage.ObjectInfo;
import hyper.core.storage.StoragePort;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage port's contract ({@link StoragePort}'s javadoc), run against every adapter: a test class
 * extends this and opens its adapter in {@link #openPort}.
 */
public abstract class StoragePortContract {

    protected static final BucketName MEDIA = BucketName.of("media");

    /** The folder the adapter keeps its data in, empty at the start of each case. */
    @TempDir
    protected Path dir;

    /** The adapter under test; a case may replace it (close it first), and the last one is closed. */
    protected StoragePort storage;

    /** Opens the adapter on {@code dir}; opening it again on the same folder reopens it. */
    protected abstract StoragePort openPort(Path dir) throws Exception;

    @BeforeEach
    final void openStoragePort() throws Exception {
        storage = openPort(dir);
        storage.createBucket(MEDIA);
    }

    @AfterEach
    final void closeStoragePort() {
        if (storage != null) {
            storage.close();
        }
    }

    // ---- buckets

    @Test
    void bucketsAreCountedWhenTheEngineCanTell() {
        OptionalLong before = storage.storeCount();
        storage.createBucket(BucketName.of("counted"));
        HyperAssertions.assertCountGrew(before, storage.storeCount(), 1);
        storage.removeBucket(BucketName.of("counted"));
        HyperAssertions.assertCountGrew(before, storage.storeCount(), 0);
    }

    @Test
    void bucketsAreListedByName() {
        storage.createBucket(BucketName.of("archive"));
        assertEquals(List.of("archive", "media"), storage.listStores().stream().map(StoreInfo::name).toList());
    }

    @Test
    void objectsArePagedInPathOrderWithTheirSize() {
        put(MEDIA, "b.txt", "bb");
        put(MEDIA, "a.txt", "a");
        put(MEDIA, "photos/2024/x.png", "xxx");
        put(MEDIA, "photos/y.png", "yyyy");
        List<BucketEntry> first = storage.objects(MEDIA, "", false, "", 2);
        assertEquals(List.of("a.txt", "b.txt"), first.stream().map(BucketEntry::path).toList());
        assertEquals(2, first.get(1).size());
        assertEquals(List.of("photos/2024/x.png", "photos/y.png"),
                storage.objects(MEDIA, "", false, "c", 5).stream().map(BucketEntry::path).toList());
        assertEquals(List.of("photos/2024/x.png", "photos/y.png"),
                storage.objects(MEDIA, "photos/", false, "", 5).stream().map(BucketEntry::path).toList());
        assertEquals(List.of(), storage.objects(MEDIA, "videos/", false, "", 5));
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.objects(BucketName.of("nope"), "", false, "", 5));
    }

    @Test
    void objectsAreGroupedIntoFoldersBySlash() {
        put(MEDIA, "a.txt", "a");
        put(MEDIA, "photos/2024/x.png", "xxx");
        put(MEDIA, "photos/y.png", "yyyy");
        List<BucketEntry> top = storage.objects(MEDIA, "", true, "", 10);
        assertEquals(List.of("a.txt", "photos/"), top.stream().map(BucketEntry::path).toList());
        assertEquals(List.of(false, true), top.stream().map(BucketEntry::folder).toList());
        assertEquals(List.of("photos/2024/", "photos/y.png"),
                storage.objects(MEDIA, "photos/", true, "", 10).stream().map(BucketEntry::path).toList());
    }

    @Test
    void creatingAnExistingBucketIsAConflict() {
        put(MEDIA, "kept.txt", "kept");
        assertFact(Fact.STORE_EXISTS, () -> storage.createBucket(MEDIA));
        assertEquals("kept", read(MEDIA, "kept.txt"), "the existing bucket is untouched");
    }

    @Test
    void removingABucketRemovesEverythingInIt() {
        put(MEDIA, "a.txt", "a");
        put(MEDIA, "photos/2024/cat.png", "meow");
        storage.removeBucket(MEDIA);
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.open(MEDIA, "a.txt"));
        storage.createBucket(MEDIA);
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "a.txt"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "photos/2024/cat.png"));
    }

    @Test
    void removingAMissingBucketIsNotFound() {
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.removeBucket(BucketName.of("nope")));
        storage.removeBucket(MEDIA);
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.removeBucket(MEDIA));
    }

    @Test
    void everyObjectOperationOnAMissingBucketIsNotFound() {
        BucketName missing = BucketName.of("nope");
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.put(missing, "a.txt", bytes("a")));
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.receive(missing, bytes("a")));
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.open(missing, "a.txt"));
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.remove(missing, "a.txt"));
        storage.createBucket(missing); // no operation above created it
    }

    /**
     * Whether the adapter keeps any valid bucket name as it is (case, spaces, unicode). An engine whose own
     * names are narrower (an S3 bucket per hyper bucket) refuses the others with NAME_INVALID instead.
     */
    protected boolean keepsAnyBucketName() {
        return true;
    }

    @Test
    void bucketsKeepCaseSpacesAndUnicodeAndDoNotShareObjects() {
        BucketName unusual = BucketName.of("My Photos été");
        if (!keepsAnyBucketName()) {
            assertFact(Fact.NAME_INVALID, () -> storage.createBucket(unusual));
        }
        BucketName other = keepsAnyBucketName() ? unusual : BucketName.of("photos.2024-v2");
        storage.createBucket(other);
        put(MEDIA, "same.txt", "in media");
        put(other, "same.txt", "in other");
        assertEquals("in media", read(MEDIA, "same.txt"));
        assertEquals("in other", read(other, "same.txt"));
        storage.removeBucket(other);
        assertEquals("in media", read(MEDIA, "same.txt"));
    }

    // ---- objects

    @Test
    void putObjectReadsBackWithItsSize() {
        ObjectInfo info = storage.put(MEDIA, "photos/2024/cat.png", bytes("a picture of a cat"));
        assertEquals("photos/2024/cat.png", info.path());
        assertEquals(18, info.size());
        try (StoredObject object = storage.open(MEDIA, "photos/2024/cat.png")) {
            assertEquals(18, object.size());
            assertEquals("a picture of a cat", copy(object, 0, object.size()));
        }
    }

    @Test
    void anObjectLargerThanAnyBufferRoundTrips() {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        assertEquals(content.length, storage.put(MEDIA, "big.bin", new ByteArrayInputStream(content)).size());
        try (StoredObject object = storage.open(MEDIA, "big.bin")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copyTo(object, 0, object.size(), out);
            assertArrayEquals(content, out.toByteArray());
        }
    }

    @Test
    void anEmptyObjectIsAnObject() {
        assertEquals(0, storage.put(MEDIA, "empty", bytes("")).size());
        try (StoredObject object = storage.open(MEDIA, "empty")) {
            assertEquals(0, object.size());
            assertEquals("", copy(object, 0, 0));
        }
    }

    @Test
    void unicodeNamesRoundTrip() {
        put(MEDIA, "photos/été/naïve 文件.json", "{}");
        assertEquals("{}", read(MEDIA, "photos/été/naïve 文件.json"));
    }

    @Test
    void putReplacesAnExistingObject() {
        put(MEDIA, "o.txt", "a long first version");
        put(MEDIA, "o.txt", "short");
        assertEquals("short", read(MEDIA, "o.txt"));
    }

    @Test
    void openingAMissingObjectOrAFolderIsNotFound() {
        put(MEDIA, "photos/cat.png", "meow");
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "dog.png"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "photos"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "photos/cat.png/inside"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "nowhere/cat.png"));
    }

    @Test
    void removeDeletesAnObject() {
        put(MEDIA, "a.txt", "a");
        put(MEDIA, "b.txt", "b");
        storage.remove(MEDIA, "a.txt");
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "a.txt"));
        assertEquals("b", read(MEDIA, "b.txt"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.remove(MEDIA, "a.txt"));
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.remove(MEDIA, "never/there.txt"));
    }

    @Test
    void removeDeletesAnEmptyFolder() {
        put(MEDIA, "photos/cat.png", "meow");
        storage.remove(MEDIA, "photos/cat.png");
        storage.remove(MEDIA, "photos");
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.remove(MEDIA, "photos"));
    }

    // ---- ranges

    @Test
    void copyToWritesTheRangeAskedFor() {
        put(MEDIA, "digits.txt", "0123456789");
        try (StoredObject object = storage.open(MEDIA, "digits.txt")) {
            assertEquals("0123456789", copy(object, 0, 10));
            assertEquals("234", copy(object, 2, 3));
            assertEquals("9", copy(object, 9, 1));
            assertEquals("789", copy(object, 7, 100), "a range past the end stops at the end");
            assertEquals("", copy(object, 10, 5));
            assertEquals("", copy(object, 3, 0));
            assertEquals("0123", copy(object, 0, 4), "the same object can be read again");
        }
    }

    @Test
    void aReaderKeepsTheVersionItOpened() {
        put(MEDIA, "o", "first");
        try (StoredObject first = storage.open(MEDIA, "o")) {
            put(MEDIA, "o", "second!");
            assertEquals(5, first.size());
            assertEquals("first", copy(first, 0, first.size()));
            storage.remove(MEDIA, "o");
            assertEquals("first", copy(first, 0, first.size()), "even once the object is removed");
        }
    }

    // ---- uploads whose name comes later

    @Test
    void aReceivedUploadIsInvisibleUntilCommitted() {
        try (Upload upload = storage.receive(MEDIA, bytes("0123456789"))) {
            assertEquals(10, upload.size());
            assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "later/named.bin"));
            ObjectInfo info = upload.commit("later/named.bin");
            assertEquals(new ObjectInfo("later/named.bin", 10, info.lastModified()), info);
        }
        assertEquals("0123456789", read(MEDIA, "later/named.bin"));
    }

    @Test
    void committingReplacesAnExistingObject() {
        put(MEDIA, "o.txt", "old");
        try (Upload upload = storage.receive(MEDIA, bytes("new"))) {
            assertEquals("old", read(MEDIA, "o.txt"));
            upload.commit("o.txt");
        }
        assertEquals("new", read(MEDIA, "o.txt"));
    }

    @Test
    void anUploadClosedUncommittedLeavesTheObjectAsItWas() {
        put(MEDIA, "o.txt", "old");
        try (Upload upload = storage.receive(MEDIA, bytes("discarded"))) {
            assertEquals(9, upload.size());
        }
        assertEquals("old", read(MEDIA, "o.txt"));
    }

    @Test
    void anUploadFinishingAfterItsBucketWasRemovedDoesNotBringItBack() {
        try (Upload upload = storage.receive(MEDIA, bytes("abc"))) {
            storage.removeBucket(MEDIA);
            assertFact(Fact.STORE_NOT_FOUND, () -> upload.commit("x/y.bin"));
        }
        assertFact(Fact.STORE_NOT_FOUND, () -> storage.open(MEDIA, "x/y.bin"));
        storage.createBucket(MEDIA); // it does not exist
        assertFact(Fact.ITEM_NOT_FOUND, () -> storage.open(MEDIA, "x/y.bin"));
    }

    // ---- names that would leave the bucket

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "/abs", "a//b", "a/", ".", "./a",
            "a/./b", "a\\b", "..\\x", "a\0b"})
    void pathsThatCouldLeaveTheBucketAreRefusedBeforeAnyByteIsRead(String path) {
        put(MEDIA, "inside.txt", "kept");
        HyperException e = assertFact(Fact.PATH_RELATIVE, () -> storage.put(MEDIA, path, unreadable()));
        assertEquals(HyperException.Reason.BAD_REQUEST, e.reason());
        assertFact(Fact.PATH_RELATIVE, () -> storage.open(MEDIA, path));
        assertFact(Fact.PATH_RELATIVE, () -> storage.remove(MEDIA, path));
        try (Upload upload = storage.receive(MEDIA, bytes("abc"))) {
            assertFact(Fact.PATH_RELATIVE, () -> upload.commit(path));
        }
        assertEquals("kept", read(MEDIA, "inside.txt"));
    }

    @Test
    void aPathCannotReachAnotherBucket() {
        BucketName other = BucketName.of("other");
        storage.createBucket(other);
        put(other, "secret.txt", "secret");
        assertFact(Fact.PATH_RELATIVE, () -> storage.open(MEDIA, "../other/secret.txt"));
        assertFact(Fact.PATH_RELATIVE, () -> storage.remove(MEDIA, "../other/secret.txt"));
        assertFact(Fact.PATH_RELATIVE, () -> storage.put(MEDIA, "../other/secret.txt", unreadable()));
        assertEquals("secret", read(other, "secret.txt"));
    }

    // ---- helpers

    protected ObjectInfo put(BucketName bucket, String path, String content) {
        return storage.put(bucket, path, bytes(content));
    }

    protected String read(BucketName bucket, String path) {
        try (StoredObject object = storage.open(bucket, path)) {
            return copy(object, 0, object.size());
        }
    }

    protected static InputStream bytes(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    /** A body that fails the case if the adapter reads it. */
    protected static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() {
                return fail("the body was read before the name was checked");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return fail("the body was read before the name was checked");
            }
        };
    }

    protected static String copy(StoredObject object, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyTo(object, offset, length, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void copyTo(StoredObject object, long offset, long length, ByteArrayOutputStream out) {
        try {
            object.copyTo(offset, length, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
