package hyper.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.Http;
import hyper.testing.Poll;
import hyper.testing.WebhookTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two faults at once: every service is written to without pause while its disk fills up, and the
 * server is killed with SIGKILL in the middle of it. After the space is freed and the server restarted,
 * everything that was acknowledged (201) is there, every acknowledged job is delivered, and each service
 * takes writes again. Writes answered 507 may or may not be there; none may be half there.
 */
class KillOnFullDiskTest {

    @TempDir
    Path tmp;

    /** Acknowledged writes, by service. */
    private final Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();

    @Test
    void whatWasAcknowledgedSurvivesAKillOnAFullDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"));
                WebhookTarget target = WebhookTarget.start()) {
            Path dir = disk.root().resolve("hyper");
            AtomicBoolean writing = new AtomicBoolean(true);
            try (TestServer.Child server = TestServer.child(dir)) {
                server.put("/cache/c").assertOk(201);
                server.put("/data/d").assertOk(201);
                server.put("/storage/b").assertOk(201);
                server.put("/search/s", "{\"fields\":[\"title\"],\"storeFields\":[\"title\"]}").assertOk(201);
                target.hold(); // deliveries wait, so jobs are still stored when the server dies
                server.put("/queue/q", "{\"target\":\"" + target.url() + "\"}").assertOk(201);
                try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                    write(writers, writing, "cache", n -> server.post("/cache/c",
                            "{\"key\":\"k" + n + "\",\"value\":{\"n\":" + n + ",\"pad\":\"" + pad(n) + "\"}}"));
                    write(writers, writing, "data", n -> server.post("/data/d",
                            "{\"_id\":\"d" + n + "\",\"n\":" + n + ",\"pad\":\"" + pad(n) + "\"}"));
                    write(writers, writing, "storage", n -> server.post("/storage/b/o" + n + ".bin",
                            object(n), "application/octet-stream"));
                    write(writers, writing, "search", n -> server.post("/search/s",
                            "{\"key\":\"s" + n + "\",\"doc\":{\"title\":\"title " + n + " " + pad(n) + "\"}}"));
                    write(writers, writing, "queue", n -> server.post("/queue/q", "{\"n\":" + n + "}"));
                    Poll.until(Duration.ofSeconds(60),
                            () -> acknowledged.values().stream().allMatch(acked -> acked.size() >= 5),
                            "every service to acknowledge a few writes");
                    disk.fill();
                    Thread.sleep(1500); // writes go on against the full disk
                    server.kill9();
                    writing.set(false);
                }
            }
            disk.free();
            target.release();
            acknowledged.forEach((service, ns) -> assertTrue(!ns.isEmpty(), service));

            try (TestServer.Child server = TestServer.child(dir)) {
                for (int n : acknowledged.get("cache")) {
                    assertEquals(n, server.get("/cache/c/k" + n).assertStatus(200).json().path("n").asInt(),
                            "cache " + n);
                }
                for (int n : acknowledged.get("data")) {
                    assertEquals(n, server.get("/data/d/d" + n).assertStatus(200).json().path("n").asInt(),
                            "data " + n);
                }
                for (int n : acknowledged.get("storage")) {
                    assertArrayEquals(object(n), server.get("/storage/b/o" + n + ".bin").assertStatus(200).bytes(),
                            "storage " + n);
                }
                for (int n : acknowledged.get("search")) {
                    assertTrue(server.get("/search/s/s" + n).assertOk(200).json().path("doc").path("title").asText()
                            .startsWith("title " + n + " "), "search " + n);
                }
                Set<Integer> jobs = acknowledged.get("queue");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!delivered(target).containsAll(jobs) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(List.of(), missing(jobs, delivered(target)), "acknowledged jobs never delivered");
                // and each service takes writes again
                server.post("/cache/c", "{\"key\":\"again\",\"value\":{}}").assertOk(201);
                server.post("/data/d", "{\"_id\":\"again\"}").assertOk(201);
                server.post("/storage/b/again.txt", "again".getBytes(StandardCharsets.UTF_8), "text/plain")
                        .assertOk(201);
                server.post("/search/s", "{\"key\":\"again\",\"doc\":{\"title\":\"again\"}}").assertOk(201);
                server.post("/queue/q", "{\"n\":-1}").assertOk(201);
            }
        }
    }

    /** One writer: item 0, 1, 2 ... until the server is gone; what answered 201 is acknowledged. */
    private void write(ExecutorService writers, AtomicBoolean writing, String service, IntFunction<Http.Reply> send) {
        Set<Integer> acked = Collections.newSetFromMap(new ConcurrentHashMap<>());
        acknowledged.put(service, acked);
        writers.submit(() -> {
            for (int n = 0; writing.get(); n++) {
                try {
                    Http.Reply reply = send.apply(n);
                    if (reply.status() == 201) {
                        acked.add(n);
                    } else if (reply.status() != 507) {
                        throw new AssertionError(service + " " + n + ": " + reply.status() + " " + reply.text());
                    }
                } catch (RuntimeException gone) {
                    return; // the server was killed
                }
            }
        });
    }

    private static Set<Integer> delivered(WebhookTarget target) {
        Set<Integer> ns = new HashSet<>();
        for (WebhookTarget.Request request : target.requests()) {
            String body = request.body();
            int at = body.indexOf("\"n\":");
            if (at >= 0) {
                ns.add(Integer.parseInt(body.substring(at + 4).replaceAll("[^0-9-].*", "")));
            }
        }
        return ns;
    }

    private static List<Integer> missing(Set<Integer> expected, Set<Integer> got) {
        List<Integer> missing = new ArrayList<>(expected);
        missing.removeAll(got);
        return missing;
    }

    /** A few kilobytes, so the small disk fills in seconds. */
    private static String pad(int n) {
        return "x".repeat(2048 + n % 512);
    }

    private static byte[] object(int n) {
        byte[] bytes = new byte[16 * 1024 + n];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (n * 31 + i);
        }
        return bytes;
    }
}
