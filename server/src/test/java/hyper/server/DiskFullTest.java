package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.WebhookTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the real server keeps its data on a small file system ({@link SmallDisk}) that each test
 * fills to the last byte. While the disk is full, every write of the service answers 507 with the error
 * envelope and stores nothing, and what was stored before stays readable; once space is freed, writes
 * succeed again without a restart, and everything acknowledged is still there after a restart.
 */
class DiskFullTest {

    static final String DISK_FULL = "insufficient storage: the server's disk is full, nothing was stored";

    @TempDir
    static Path tmp;

    static SmallDisk disk;
    static TestServer server;

    @BeforeAll
    static void startOnASmallDisk() {
        disk = SmallDisk.mount(tmp.resolve("disk"));
        server = TestServer.start(disk.root().resolve("hyper"));
    }

    @AfterAll
    static void stopAndUnmount() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void cache() {
        server.put("/cache/full").assertOk(201);
        server.post("/cache/full", "{\"key\":\"before\",\"value\":{\"n\":1}}").assertOk(201);
        disk.fill();
        try {
            refused(server.post("/cache/full", "{\"key\":\"during\",\"value\":{\"n\":2}}"));
            refused(server.put("/cache/full/before", "{\"n\":3}"));
            refused(server.delete("/cache/full/before"));
            refused(server.put("/cache/other"));
            assertEquals(1, server.get("/cache/full/before").assertStatus(200).json().path("n").asInt());
            assertEquals(1, server.get("/cache/full/_query").assertOk(200).json().path("docs").size());
            server.get("/cache/full/during").assertError(404);
        } finally {
            disk.free();
        }
        server.post("/cache/full", "{\"key\":\"after\",\"value\":{\"n\":4}}").assertOk(201);
        server.restart();
        assertEquals(1, server.get("/cache/full/before").assertStatus(200).json().path("n").asInt());
        assertEquals(4, server.get("/cache/full/after").assertStatus(200).json().path("n").asInt());
        server.get("/cache/full/during").assertError(404);
        server.get("/cache/other/x").assertError(404);
    }

    @Test
    void data() {
        server.put("/data/full").assertOk(201);
        server.post("/data/full", "{\"_id\":\"before\",\"n\":1}").assertOk(201);
        disk.fill();
        try {
            // Documents bigger than any gap in the store's file, so each write needs new space.
            refused(server.post("/data/full", large("during")));
            refused(server.put("/data/full/before", large("before")));
            refused(server.post("/data/full/_bulk", "[" + large("bulk") + "]"));
            assertEquals(1, server.get("/data/full/before").assertStatus(200).json().path("n").asInt());
            assertEquals(1, server.post("/data/full/_query", "{\"selector\":{}}").assertOk(200)
                    .json().path("docs").size());
            server.get("/data/full/during").assertError(404);
        } finally {
            disk.free();
        }
        server.post("/data/full", "{\"_id\":\"after\",\"n\":4}").assertOk(201);
        server.restart();
        assertEquals(1, server.get("/data/full/before").assertStatus(200).json().path("n").asInt());
        assertEquals(4, server.get("/data/full/after").assertStatus(200).json().path("n").asInt());
        server.get("/data/full/during").assertError(404);
        server.get("/data/full/bulk").assertError(404);
    }

    @Test
    void storage() {
        byte[] before = "stored before the disk filled up".getBytes(StandardCharsets.UTF_8);
        server.put("/storage/full").assertOk(201);
        server.post("/storage/full/before.txt", before, "text/plain").assertOk(201);
        disk.fill();
        try {
            refused(server.post("/storage/full/during.bin", new byte[64 * 1024], "application/octet-stream"));
            refused(server.post("/storage/full/before.txt", new byte[64 * 1024], "text/plain"));
            assertArrayEquals(before, server.get("/storage/full/before.txt").assertStatus(200).bytes());
        } finally {
            disk.free();
        }
        byte[] after = new byte[64 * 1024];
        server.post("/storage/full/after.bin", after, "application/octet-stream").assertOk(201);
        server.restart();
        assertArrayEquals(before, server.get("/storage/full/before.txt").assertStatus(200).bytes());
        assertArrayEquals(after, server.get("/storage/full/after.bin").assertStatus(200).bytes());
        server.get("/storage/full/during.bin").assertError(404);
    }

    @Test
    void search() {
        server.put("/search/full", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
        server.post("/search/full", "{\"key\":\"before\",\"doc\":{\"title\":\"written before\"}}").assertOk(201);
        disk.fill();
        try {
            refused(server.post("/search/full", "{\"key\":\"during\",\"doc\":{\"title\":\"written during\"}}"));
            refused(server.put("/search/full/before", "{\"title\":\"changed during\"}"));
            refused(server.post("/search/full/_bulk", "[{\"id\":\"bulk\",\"title\":\"written during\"}]"));
            refused(server.post("/search/full", "{\"key\":\"during\",\"doc\":{\"title\":\"written during\"}}"));
            assertEquals("written before", title(server.get("/search/full/before")));
            assertEquals(1, server.post("/search/full/_query", "{\"query\":\"written\"}").assertOk(200)
                    .json().path("matches").size());
            server.get("/search/full/during").assertError(404);
        } finally {
            disk.free();
        }
        server.post("/search/full", "{\"key\":\"after\",\"doc\":{\"title\":\"written after\"}}").assertOk(201);
        server.get("/search/full/during").assertError(404);
        assertEquals("written before", title(server.get("/search/full/before")));
        server.restart();
        assertEquals("written before", title(server.get("/search/full/before")));
        assertEquals("written after", title(server.get("/search/full/after")));
        server.get("/search/full/during").assertError(404);
        server.get("/search/full/bulk").assertError(404);
        // a write refused for want of space can simply be sent again
        server.post("/search/full", "{\"key\":\"during\",\"doc\":{\"title\":\"written again\"}}").assertOk(201);
    }

    @Test
    void queue() {
        try (WebhookTarget target = WebhookTarget.start()) {
            List<Long> ids = new ArrayList<>();
            server.put("/queue/full", "{\"target\":\"" + target.url() + "\",\"retries\":0}").assertOk(201);
            target.answer(500);
            ids.add(enqueue("{\"n\":\"failed before\"}"));
            Poll.until(() -> jobs("ERROR").size() == 1, "the first job listed as ERROR");
            target.answer(200);
            ids.add(enqueue("{\"n\":\"delivered before\"}"));
            Poll.until(() -> target.count() == 2 && jobs("READY").isEmpty(), "the second job delivered");
            disk.fill();
            try {
                for (int i = 0; i < 3; i++) {
                    refused(server.post("/queue/full", "{\"n\":\"during\"}"));
                }
                refused(server.post("/queue/full/" + ids.getFirst() + "/_retry", ""));
                assertEquals(ids.getFirst(), jobs("ERROR").get(0).path("id").asLong());
                assertEquals(0, jobs("READY").size());
            } finally {
                disk.free();
            }
            ids.add(enqueue("{\"n\":\"after\"}"));
            Poll.until(() -> target.count() == 3, "the job enqueued after freeing space delivered");
            server.restart();
            assertEquals(ids.getFirst(), jobs("ERROR").get(0).path("id").asLong());
            ids.add(enqueue("{\"n\":\"after restart\"}"));
            Poll.until(() -> target.count() == 4, "the job enqueued after the restart delivered");
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no id handed out twice: " + ids);
            for (WebhookTarget.Request delivered : target.requests()) {
                assertFalse(delivered.body().contains("during"), "a refused job was delivered: " + delivered);
            }
        }
    }

    private static void refused(Http.Reply reply) {
        assertEquals(DISK_FULL, reply.assertError(507).msg());
    }

    private static long enqueue(String job) {
        return server.post("/queue/full", job).assertOk(201).json().path("id").asLong();
    }

    private static List<JsonNode> jobs(String status) {
        List<JsonNode> jobs = new ArrayList<>();
        server.get("/queue/full?status=" + status).assertOk(200).json().path("jobs").forEach(jobs::add);
        return jobs;
    }

    private static String title(Http.Reply reply) {
        return reply.assertOk(200).json().path("doc").path("title").asText();
    }

    /** A document of half a megabyte. */
    private static String large(String id) {
        return "{\"_id\":\"" + id + "\",\"text\":\"" + "x".repeat(512 * 1024) + "\"}";
    }
}
