package hyper.storage;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException.Fact;
import hyper.core.storage.BucketName;
import hyper.core.storage.StoragePort;
import hyper.core.storage.Upload;
import hyper.testing.StoragePortContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The file-system adapter: the storage port's contract, then its folder layout and its own rules. */
class FileSystemStorageTest extends StoragePortContract {

    @Override
    protected StoragePort openPort(Path dir) {
        return new FileSystemStorage(dir.resolve("storage"));
    }

    private Path root() {
        return dir.resolve("storage");
    }

    @Test
    void eachBucketIsAFolderAndEachObjectAFile() throws IOException {
        put(MEDIA, "photos/2024/cat.png", "meow");
        assertEquals("meow", Files.readString(root().resolve("media/photos/2024/cat.png")));
        storage.removeBucket(MEDIA);
        assertEquals(List.of(), list(root()), "the bucket's folder is gone");
    }

    @Test
    void anUncommittedUploadLeavesNoFile() throws IOException {
        try (Upload upload = storage.receive(MEDIA, bytes("0123456789"))) {
            assertEquals(10, upload.size());
            assertEquals(1, list(root().resolve("media")).size(), "the bytes wait in a hidden file");
        }
        assertEquals(List.of(), list(root().resolve("media")));
    }

    @Test
    void anUploadFinishingAfterItsBucketWasRemovedLeavesNoFolder() {
        try (Upload upload = storage.receive(MEDIA, bytes("abc"))) {
            storage.removeBucket(MEDIA);
            assertFact(Fact.STORE_NOT_FOUND, () -> upload.commit("x/y.bin"));
        }
        assertFalse(Files.exists(root().resolve("media")));
    }

    @Test
    void leftoversOfACrashAreDeletedAtStart() throws IOException {
        storage.close();
        Files.createDirectories(root().resolve("b/sub"));
        Files.writeString(root().resolve("b/.hyper-upload-123"), "partial");
        Files.writeString(root().resolve("b/sub/kept.txt"), "kept");
        Files.createDirectories(root().resolve(".hyper-deleting-456/x"));
        storage = openPort(dir);
        assertFalse(Files.exists(root().resolve("b/.hyper-upload-123")));
        assertFalse(Files.exists(root().resolve(".hyper-deleting-456")));
        assertTrue(Files.exists(root().resolve("b/sub/kept.txt")));
        assertEquals("kept", read(BucketName.of("b"), "sub/kept.txt"));
    }

    @Test
    void namesOfTheHiddenFilesAreReserved() {
        assertFact(Fact.NAME_RESERVED, () -> storage.createBucket(BucketName.of(".hyper-upload-1")));
        assertFact(Fact.NAME_RESERVED, () -> storage.put(MEDIA, ".hyper-upload-1", unreadable()));
        assertFact(Fact.NAME_RESERVED, () -> storage.put(MEDIA, "a/.hyper-x/b", unreadable()));
        assertFact(Fact.NAME_RESERVED, () -> storage.open(MEDIA, ".hyper-upload-1"));
    }

    @Test
    void aNameSegmentLongerThan255BytesIsRefused() {
        String long256 = "é".repeat(128);
        assertFact(Fact.NAME_TOO_LONG, () -> storage.put(MEDIA, "a/" + long256, unreadable()));
        assertFact(Fact.NAME_TOO_LONG, () -> storage.createBucket(BucketName.of(long256)));
        put(MEDIA, "a/" + "é".repeat(127) + "x", "fits");
    }

    @Test
    void twoDotsAnywhereAreRefusedAsTheOriginalDid() {
        assertFact(Fact.PATH_RELATIVE, () -> storage.put(MEDIA, "a..b.txt", unreadable()));
        assertFact(Fact.PATH_RELATIVE, () -> storage.open(MEDIA, "a..b.txt"));
    }

    @Test
    void pathsThroughASymbolicLinkAreRefused() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root().resolve("linked"), outside);
        Files.createSymbolicLink(root().resolve("media/folder"), outside);
        Files.createSymbolicLink(root().resolve("media/object.txt"), outside.resolve("secret.txt"));

        assertFact(Fact.PATH_RELATIVE, () -> storage.open(BucketName.of("linked"), "secret.txt"));
        assertFact(Fact.PATH_RELATIVE, () -> storage.createBucket(BucketName.of("linked")));
        assertFact(Fact.PATH_RELATIVE, () -> storage.open(MEDIA, "folder/secret.txt"));
        assertFact(Fact.PATH_RELATIVE, () -> storage.put(MEDIA, "folder/new.txt", unreadable()));
        assertFact(Fact.PATH_RELATIVE, () -> storage.open(MEDIA, "object.txt"));
        assertFact(Fact.PATH_RELATIVE, () -> storage.remove(MEDIA, "object.txt"));
        assertEquals(List.of("secret.txt"), list(outside));
    }

    @Test
    void removingABucketRemovesLinksNotWhatTheyPointAt() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root().resolve("media/folder"), outside);
        storage.removeBucket(MEDIA);
        assertFalse(Files.exists(root().resolve("media")));
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> all = Files.list(folder)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
