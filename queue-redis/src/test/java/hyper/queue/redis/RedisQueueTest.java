package hyper.queue.redis;

import static hyper.testing.HyperAssertions.assertFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.engine.EngineSettings;
import hyper.redis.RedisEndpoint;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import hyper.testing.Poll;
import hyper.testing.Ports;
import hyper.testing.QueuePortContract;
import hyper.testing.RedisServer;
import hyper.testing.WebhookTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The Redis adapter on a real {@code redis-server} started for this class: the queue port's contract, then
 * what is particular to a queue shared by several servers (leases, claims, the prefix, a lost engine).
 */
class RedisQueueTest extends QueuePortContract {

    /** Short timeouts, backoff and lease, no default retries, two deliveries in flight per queue. */
    private static final RedisQueue.Delivery FAST = new RedisQueue.Delivery(Duration.ofSeconds(5), 0,
            Duration.ofMillis(10), 2, Duration.ofSeconds(2), Duration.ofMillis(50));
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Map<Path, String> PREFIX_OF_DIR = new HashMap<>();

    static RedisServer redis;

    /** A client of the test's own, to look at what the adapter left on the engine. */
    RedisClient peek;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void connectPeek() {
        peek = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterEach
    void closePeek() {
        peek.close();
    }

    /** Each case has a prefix of its own on the one Redis, so cases see only their own queues. */
    @Override
    protected QueuePort openPort(Path dir, Clock clock) {
        return open(prefixOf(dir), FAST, true);
    }

    private static String prefixOf(Path dir) {
        return PREFIX_OF_DIR.computeIfAbsent(dir, d -> "t" + PREFIXES.incrementAndGet());
    }

    private RedisQueue open(String prefix, RedisQueue.Delivery delivery, boolean deliver) {
        return RedisQueueProvider.open(settings(redis.url(), prefix), delivery, deliver);
    }

    private EngineSettings settings(String url, String prefix) {
        return new EngineSettings(URI.create(url), Path.of("."), clock, prefix, Duration.ofSeconds(5));
    }

    private String prefix() {
        return PREFIX_OF_DIR.get(dir);
    }

    private List<String> engineKeys(String match) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = peek.scan(cursor, new ScanParams().match(match).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static RedisQueue.Delivery withLease(Duration lease) {
        return new RedisQueue.Delivery(Duration.ofSeconds(5), 0, Duration.ofMillis(10), 2, lease,
                Duration.ofMillis(50));
    }

    // ---- leases: several servers share the deliveries

    @Test
    void theJobOfAServerThatDiedIsDeliveredByAnotherOnceItsLeasePasses() throws Exception {
        QueueName name = QueueName.of("orphans");
        try (RedisQueue producer = open(prefix() + "-l", withLease(Duration.ofSeconds(2)), false)) {
            producer.create(name, to(target.url()));
            long id = producer.enqueue(name, Map.of("n", 1));
            // A server claims the job and dies before it sends it: nobody renews or records anything.
            List<?> claimed = (List<?>) producer.eval(Scripts.CLAIM, "3000", "dead-server:1", "8");
            assertEquals(List.of("orphans", Long.toString(id)), List.of(claimed.get(0), claimed.get(4)));
            long claimedAt = System.nanoTime();
            try (RedisQueue survivor = open(prefix() + "-l", withLease(Duration.ofSeconds(2)), true)) {
                Thread.sleep(500);
                assertEquals(0, target.count(), "the lease still holds: no one else sends it");
                Poll.until(Duration.ofSeconds(10), () -> target.count() == 1, "the delivery by the survivor");
                assertTrue(Duration.ofNanos(System.nanoTime() - claimedAt).toMillis() >= 2900, "not before the lease");
                Poll.until(() -> survivor.jobs(name, JobStatus.READY).isEmpty(), "the job deleted");
                assertEquals("{\"n\":1}", target.requests().getFirst().body());
                assertEquals(1, survivor.deliveries().orElseThrow().delivered());
            }
        }
    }

    @Test
    void aLeaseIsRenewedWhileASlowDeliveryRunsSoNoOtherServerSendsItToo() throws Exception {
        QueueName name = QueueName.of("slow");
        RedisQueue.Delivery shortLease = withLease(Duration.ofSeconds(1));
        try (RedisQueue one = open(prefix() + "-r", shortLease, true);
                RedisQueue two = open(prefix() + "-r", shortLease, true)) {
            one.create(name, to(target.url()));
            target.hold();
            one.enqueue(name, Map.of("n", 1));
            Poll.until(() -> target.count() == 1, "the delivery to start");
            Thread.sleep(3500); // three and a half leases
            assertEquals(1, target.count(), "held by its server's renewals");
            target.release();
            Poll.until(() -> one.jobs(name, JobStatus.READY).isEmpty(), "the delivery to end");
            Thread.sleep(300);
            assertEquals(1, target.count());
        }
    }

    @Test
    void twoServersClaimEachJobOnce() {
        QueueName name = QueueName.of("shared");
        try (RedisQueue one = open(prefix() + "-c", withLease(Duration.ofSeconds(10)), true);
                RedisQueue two = open(prefix() + "-c", withLease(Duration.ofSeconds(10)), true)) {
            one.create(name, to(target.url()));
            for (int i = 0; i < 100; i++) {
                (i % 2 == 0 ? one : two).enqueue(name, Map.of("n", i));
            }
            Poll.until(Duration.ofSeconds(30), () -> target.count() >= 100 && one.jobs(name, JobStatus.READY).isEmpty(),
                    "100 deliveries");
            assertEquals(100, target.count(), "no job sent twice");
            assertEquals(100, Set.copyOf(target.requests().stream().map(WebhookTarget.Request::body).toList()).size());
            long byOne = one.deliveries().orElseThrow().delivered();
            long byTwo = two.deliveries().orElseThrow().delivered();
            assertEquals(100, byOne + byTwo);
            assertTrue(byOne > 0 && byTwo > 0, "both servers delivered: " + byOne + " and " + byTwo);
            assertEquals(List.of(), engineKeys(prefix() + "-c:queue:j:*"), "no job left behind");
        }
    }

    @Test
    void onlyTheLeasesHolderRecordsAFailure() {
        QueueName name = QueueName.of("owned");
        try (RedisQueue idle = open(prefix() + "-o", FAST, false)) {
            idle.create(name, failFast(unreachable()));
            long id = idle.enqueue(name, Map.of("n", 1));
            idle.eval(Scripts.CLAIM, "60000", "first:1", "8");
            // the first server's lease passed and another server claimed it meanwhile
            peek.zadd(prefix() + "-o:queue:q:owned:due", 0, Long.toString(id));
            idle.eval(Scripts.CLAIM, "60000", "second:1", "8");
            assertEquals(0L, idle.eval(Scripts.FAILED, Long.toString(id), "first:1", "late", "1", "0"));
            assertEquals(1, idle.jobs(name, JobStatus.READY).size(), "the late outcome changed nothing");
            assertEquals(1L, idle.eval(Scripts.FAILED, Long.toString(id), "second:1", "target answered 500", "1", "0"));
            assertEquals(Optional.of("target answered 500"), idle.jobs(name, JobStatus.ERROR).getFirst().error());
            assertEquals(List.of(), peek.zrange(prefix() + "-o:queue:q:owned:due", 0, -1), "no longer due");
            assertEquals(List.of(), peek.zrange(prefix() + "-o:queue:q:owned:ready", 0, -1));
        }
    }

    @Test
    void closingReleasesADeliveryItCutShortForAnyServer() {
        QueueName name = QueueName.of("handover");
        RedisQueue.Delivery longLease = withLease(Duration.ofMinutes(5));
        RedisQueue first = open(prefix() + "-h", longLease, true);
        first.create(name, to(target.url()));
        target.hold();
        first.enqueue(name, Map.of("n", 1));
        Poll.until(() -> target.count() == 1, "the delivery to start");
        first.close(); // interrupts the held delivery after its grace
        target.release();
        try (RedisQueue second = open(prefix() + "-h", longLease, true)) {
            Poll.until(Duration.ofSeconds(10), () -> target.count() == 2 && second.jobs(name, JobStatus.READY).isEmpty(),
                    "the delivery by the next server, without waiting for the lease");
        }
    }

    @Test
    void concurrentChangesOnTwoServersLeaveEveryJobInExactlyOnePlace() throws Exception {
        String shared = prefix() + "-a";
        QueueName flaky = QueueName.of("flaky");
        QueueName fine = QueueName.of("fine");
        target.answer(500);
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        try (RedisQueue one = open(shared, FAST, true); RedisQueue two = open(shared, FAST, true);
                var workers = Executors.newFixedThreadPool(6)) {
            one.create(flaky, new QueueTarget(target.url(), Optional.empty(), OptionalInt.of(1)));
            one.create(fine, failFast(unreachable()));
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                RedisQueue port = w % 2 == 0 ? one : two;
                int worker = w;
                running.add(workers.submit(() -> {
                    var random = new Random(worker);
                    for (int i = 0; i < 150; i++) {
                        QueueName name = random.nextBoolean() ? flaky : fine;
                        switch (random.nextInt(4)) {
                            case 0, 1 -> ids.add(port.enqueue(name, Map.of("w", worker, "i", i)));
                            case 2 -> cancelOrRetry(() -> port.cancel(name, pick(ids, random)));
                            default -> cancelOrRetry(() -> port.retry(name, pick(ids, random)));
                        }
                    }
                    return null;
                }));
            }
            for (var r : running) {
                r.get();
            }
        }
        // Both servers closed: what is left must be consistent, whatever was cut short.
        String base = shared + ":queue:";
        Set<String> listed = new HashSet<>();
        for (String name : List.of("flaky", "fine")) {
            String q = base + "q:" + name;
            List<String> ready = peek.zrange(q + ":ready", 0, -1);
            List<String> error = peek.zrange(q + ":error", 0, -1);
            List<String> due = peek.zrange(q + ":due", 0, -1);
            assertTrue(Collections.disjoint(ready, error), name + ": READY and ERROR at once");
            assertTrue(ready.containsAll(due), name + ": due but not READY " + due);
            for (String id : ready) {
                assertEquals(List.of(name, "READY"), peek.hmget(base + "j:" + id, "queue", "status"), id);
            }
            for (String id : error) {
                assertEquals(List.of(name, "ERROR"), peek.hmget(base + "j:" + id, "queue", "status"), id);
            }
            listed.addAll(ready);
            listed.addAll(error);
        }
        Set<String> stored = new HashSet<>();
        for (String key : engineKeys(base + "j:*")) {
            stored.add(key.substring((base + "j:").length()));
        }
        assertEquals(listed, stored, "every stored job is listed once, every listed job is stored");
        assertTrue(ids.size() > 100, "enough jobs: " + ids.size());
    }

    private static String pick(List<Long> ids, Random random) {
        synchronized (ids) {
            return ids.isEmpty() ? "1" : Long.toString(ids.get(random.nextInt(ids.size())));
        }
    }

    /** A cancel or retry that finds no such job (or not a failed one) is expected in this mix. */
    private static void cancelOrRetry(Runnable change) {
        try {
            change.run();
        } catch (HyperException e) {
            assertEquals(Fact.ITEM_NOT_FOUND, e.fact());
        }
    }

    // ---- keys on the engine

    @Test
    void everyEngineKeyIsUnderThePrefixAndDestroyLeavesNoneOfTheQueue() {
        QueueName name = QueueName.of("keys");
        queue.create(name, failFast(unreachable()));
        queue.enqueue(name, Map.of("n", 1));
        Poll.until(() -> queue.jobs(name, JobStatus.ERROR).size() == 1, "a failed job");
        target.hold();
        queue.create(QueueName.of("held"), to(target.url()));
        queue.enqueue(QueueName.of("held"), Map.of("n", 2));
        Poll.until(() -> target.count() == 1, "a delivery in flight");
        List<String> all = engineKeys(prefix() + ":*");
        assertTrue(all.stream().allMatch(k -> k.startsWith(prefix() + ":queue:")), all.toString());
        assertTrue(all.contains(prefix() + ":queue:q:keys:error"), all.toString());
        queue.destroy(name);
        queue.destroy(QueueName.of("held"));
        assertEquals(Set.of(prefix() + ":queue:next", prefix() + ":queue:ids"), Set.copyOf(engineKeys(prefix() + ":*")),
                "only the counters (Redis drops the empty registry)");
        target.release();
    }

    @Test
    void twoPrefixesShareOneRedisWithoutSeeingEachOther() {
        try (QueuePort other = open(prefix() + "-other", FAST, true)) {
            other.create(QueueName.of("jobs"), failFast(unreachable()));
            assertEquals(List.of(), queue.queues());
            queue.create(QueueName.of("jobs"), to(target.url()));
            other.enqueue(QueueName.of("jobs"), Map.of("in", "other"));
            Poll.until(() -> other.jobs(QueueName.of("jobs"), JobStatus.ERROR).size() == 1, "the other's job to fail");
            assertEquals(0, target.count());
            assertEquals(List.of(), queue.jobs(QueueName.of("jobs"), JobStatus.ERROR));
        }
    }

    // ---- the engine

    @Test
    void theEngineLostIsUnavailableUntilItComesBack() {
        QueueName name = QueueName.of("lost");
        queue.create(name, to(target.url()));
        redis.stop();
        try {
            HyperException lost = assertThrows(HyperException.class, () -> queue.enqueue(name, Map.of("n", 1)));
            assertEquals(Fact.ENGINE_UNAVAILABLE, lost.fact());
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> queue.create(QueueName.of("x"), to(target.url())));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> queue.jobs(name, JobStatus.READY));
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> queue.queues());
            assertFact(Fact.ENGINE_UNAVAILABLE, () -> queue.listStores());
        } finally {
            redis.restart();
        }
        // The engine came back empty (no persistence): the adapter and its deliveries work again.
        assertFact(Fact.STORE_NOT_FOUND, () -> queue.enqueue(name, Map.of("n", 1)));
        queue.create(name, to(target.url()));
        queue.enqueue(name, Map.of("n", 2));
        Poll.until(Duration.ofSeconds(10), () -> target.count() == 1 && queue.jobs(name, JobStatus.READY).isEmpty(),
                "a delivery after the engine came back");
    }

    @Test
    void anUnreachableEngineFailsTheOpenWithOneClearMessage() {
        int closed = Ports.free();
        HyperException e = assertThrows(HyperException.class, () -> new RedisQueueProvider()
                .open(settings("redis://user:secret@127.0.0.1:" + closed, "p")));
        assertEquals(Fact.ENGINE_UNAVAILABLE, e.fact());
        assertTrue(e.getMessage().startsWith("cannot reach the queue engine at redis://127.0.0.1:" + closed + ": "),
                e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "no password in messages");
    }

    @Test
    void wrongCredentialsOrUrlsFailTheOpen() {
        try (RedisServer locked = RedisServer.start("--requirepass", "s3cret")) {
            var noPassword = assertThrows(IllegalArgumentException.class,
                    () -> new RedisQueueProvider().open(settings(locked.url(), "p")));
            assertTrue(noPassword.getMessage().contains("refused"), noPassword.getMessage());
            var wrong = assertThrows(IllegalArgumentException.class,
                    () -> new RedisQueueProvider().open(settings("redis://:nope@127.0.0.1:" + locked.port(), "p")));
            assertTrue(!wrong.getMessage().contains("nope"), wrong.getMessage());
            try (QueuePort ok = new RedisQueueProvider().open(
                    settings("redis://:s3cret@127.0.0.1:" + locked.port() + "/3?timeout=5s&lease=2s", "p"))) {
                ok.create(QueueName.of("jobs"), to(target.url()));
                assertEquals(List.of("jobs"), ok.queues());
            }
        }
        for (String bad : List.of("redis://127.0.0.1:1/db", "redis:///0", "redis://h:1?ttl=3", "redis://h:1?lease=0",
                "redis://h:1?timeout=soon")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new RedisQueueProvider().open(settings(bad, "p")), bad);
            assertTrue(e.getMessage().startsWith("--queue-url "), e.getMessage());
        }
    }

    @Test
    void urlsAreReadWithTheirPartsAndDeliveryOptions() {
        var e = RedisQueueProvider.endpoint(settings("rediss://app:p%40ss:w@queue.example:6380/2?timeout=500ms&lease=2m", "p"));
        assertEquals(new RedisEndpoint("--queue-url", "queue.example", 6380, Optional.of("app"), Optional.of("p@ss:w"),
                2, true, Map.of("timeout", "500ms", "lease", "2m")), e);
        assertEquals("rediss://queue.example:6380/2", e.redacted());
        assertEquals(Duration.ofMillis(500), RedisQueueProvider.delivery(e).timeout());
        assertEquals(Duration.ofMinutes(2), RedisQueueProvider.delivery(e).lease());
        var plain = RedisQueueProvider.delivery(RedisQueueProvider.endpoint(settings("redis://pw@[::1]", "p")));
        assertEquals(Duration.ofSeconds(30), plain.timeout());
        assertEquals(Duration.ofSeconds(10), plain.lease());
        assertEquals(Duration.ofSeconds(7), RedisQueueProvider.delivery(
                RedisQueueProvider.endpoint(settings("redis://h?timeout=7", "p"))).timeout());
        assertEquals(Set.of("redis", "rediss"), new RedisQueueProvider().schemes());
    }
}
