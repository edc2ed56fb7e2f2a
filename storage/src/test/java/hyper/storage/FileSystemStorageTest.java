package hyper.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.storage.BucketName;
import hyper.core.storage.StoredObject;
import hyper.core.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on its own: what the HTTP tests cannot time precisely. */
class FileSystemStorageTest {

    @TempDir
    Path root;

    @Test
    void anUploadFinishingAfterItsBucketWasRemovedDoesNotBringItBack() {
        FileSystemStorage storage = new FileSystemStorage(root);
        storage.createBucket(BucketName.of("b"));
        try (Upload upload = storage.receive(BucketName.of("b"), new ByteArrayInputStream(new byte[] {1, 2, 3}))) {
            storage.removeBucket(BucketName.of("b"));
            HyperException e = assertThrows(HyperException.class, () -> upload.commit("x/y.bin"));
            assertEquals(HyperException.Reason.NOT_FOUND, e.reason());
        }
        assertFalse(Files.exists(root.resolve("b")));
    }

    @Test
    void anUncommittedUploadLeavesNothing() throws IOException {
        FileSystemStorage storage = new FileSystemStorage(root);
        storage.createBucket(BucketName.of("b"));
        try (Upload upload = storage.receive(BucketName.of("b"), new ByteArrayInputStream(new byte[10]))) {
            assertEquals(10, upload.size());
        }
        assertEquals(0, count(root.resolve("b")));
    }

    @Test
    void aReaderKeepsTheVersionItOpened() throws IOException {
        FileSystemStorage storage = new FileSystemStorage(root);
        storage.createBucket(BucketName.of("b"));
        storage.put(BucketName.of("b"), "o", new ByteArrayInputStream("first".getBytes()));
        try (StoredObject first = storage.open(BucketName.of("b"), "o")) {
            storage.put(BucketName.of("b"), "o", new ByteArrayInputStream("second!".getBytes()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            first.copyTo(0, first.size(), out);
            assertArrayEquals("first".getBytes(), out.toByteArray());
        }
    }

    @Test
    void leftoversOfACrashAreDeletedAtStart() throws IOException {
        Files.createDirectories(root.resolve("b/sub"));
        Files.writeString(root.resolve("b/.hyper-upload-123"), "partial");
        Files.writeString(root.resolve("b/sub/kept.txt"), "kept");
        Files.createDirectories(root.resolve(".hyper-deleting-456/x"));
        new FileSystemStorage(root);
        assertFalse(Files.exists(root.resolve("b/.hyper-upload-123")));
        assertFalse(Files.exists(root.resolve(".hyper-deleting-456")));
        assertTrue(Files.exists(root.resolve("b/sub/kept.txt")));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.count();
        }
    }
}
