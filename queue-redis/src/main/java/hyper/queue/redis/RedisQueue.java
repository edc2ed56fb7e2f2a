package hyper.queue.redis;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.queue.DeliveryCounts;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import hyper.queue.delivery.JobBodies;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The queue port on one Redis database, shared by every hyper-nano server opened on it with the same prefix.
 * Every key starts with {@code <prefix>:queue:}:
 * <ul>
 *   <li>{@code queues}: a sorted set of queue names scored by creation (the counter {@code next});
 *   <li>{@code q:<name>}: the queue's hash, {@code target}, {@code secret} and {@code retries};
 *   <li>{@code q:<name>:ready}, {@code q:<name>:error}: its job ids in each status, scored by id;
 *   <li>{@code q:<name>:due}: its READY job ids scored by when a server may claim them (Redis's clock, ms):
 *       now for a new job, later for one waiting for a retry or held under a delivery's lease;
 *   <li>{@code j:<id>}: the job's hash ({@code queue body status enqueued error attempt lease}); ids come from
 *       the counter {@code ids}, so they are unique across queues and never reused.
 * </ul>
 * Each change is one Lua script ({@link Scripts}), so it is atomic; nothing uses {@code KEYS}. A job is
 * written before {@link #enqueue} returns, as durable as the Redis server's persistence makes it.
 *
 * <p>Delivery is at least once: a server claims due jobs with a lease and renews it while it delivers; a job
 * whose server died is claimed by another once the lease has passed (see {@link RedisCourier}).
 */
final class RedisQueue implements QueuePort {

    /**
     * How jobs are delivered.
     *
     * @param timeout how long a target may take to answer (and to accept the connection)
     * @param retries attempts after the first failed one, unless the queue asks for its own number
     * @param backoff wait before the first retry; it doubles for each further retry
     * @param parallelism deliveries in flight at once per queue on this server
     * @param lease how long a claimed job stays with this server without a renewal (renewed every third of it)
     * @param poll how often this server looks for due jobs when it was not told of one
     */
    record Delivery(Duration timeout, int retries, Duration backoff, int parallelism, Duration lease, Duration poll) {

        Delivery {
            if (!timeout.isPositive() || retries < 0 || backoff.isNegative() || parallelism < 1
                    || lease.toMillis() < 30 || !poll.isPositive()) {
                throw new IllegalArgumentException("invalid delivery settings");
            }
        }

        /** The embedded queue's defaults (30 s, 2 retries after 0.5 s and 1 s, 8 per queue), a 10 s lease. */
        static Delivery of(Duration timeout, Duration lease) {
            return new Delivery(timeout, 2, Duration.ofMillis(500), 8, lease, Duration.ofMillis(250));
        }
    }

    /** Errors of a Redis that is starting, read-only, out of memory or busy: trying later can succeed. */
    private static final List<String> TRANSIENT = List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN",
            "TRYAGAIN", "OOM", "NOAUTH", "WRONGPASS", "MISCONF", "NOREPLICAS", "CLUSTERDOWN");

    private final RedisClient redis;
    private final String where;
    private final String base;
    private final Clock clock;
    private final RedisCourier courier;

    /**
     * A queue on {@code redis}, which the caller has checked (PING) and hands over: {@link #close} closes it.
     * {@code where} names the engine in messages (no credentials); {@code prefix} starts every key. With
     * {@code deliver} false this server stores jobs but never claims one (for tests of other servers).
     */
    RedisQueue(RedisClient redis, String where, String prefix, Clock clock, Delivery delivery, boolean deliver) {
        this.redis = redis;
        this.where = where;
        this.base = (prefix.isEmpty() ? "" : prefix + ":") + "queue:";
        this.clock = clock;
        this.courier = new RedisCourier(this, clock, delivery);
        if (deliver) {
            courier.start();
        }
    }

    @Override
    public void create(QueueName queue, QueueTarget target) {
        long created = (Long) eval(Scripts.CREATE, queue.value(), target.target().toString(),
                target.secret().isPresent() ? "1" : "0", target.secret().orElse(""),
                target.retries().isPresent() ? Integer.toString(target.retries().getAsInt()) : "");
        if (created == 0) {
            throw HyperException.of(Fact.STORE_EXISTS);
        }
    }

    @Override
    public void destroy(QueueName queue) {
        if ((Long) eval(Scripts.DESTROY, queue.value()) == 0) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
    }

    @Override
    public List<String> queues() {
        return call(() -> redis.zrange(base + "queues", 0, -1));
    }

    @Override
    public QueueTarget target(QueueName queue) {
        Map<String, String> fields = call(() -> redis.hgetAll(base + "q:" + queue.value()));
        if (fields.isEmpty()) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        String retries = fields.get("retries");
        return new QueueTarget(URI.create(fields.get("target")), Optional.ofNullable(fields.get("secret")),
                retries == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(retries)));
    }

    @Override
    public long restore(QueueName queue, Map<String, Object> job, JobStatus status, Optional<String> error) {
        long id = add(queue, job, status, status == JobStatus.ERROR ? error.orElse("") : "");
        if (status == JobStatus.READY) {
            courier.wake();
        }
        return id;
    }

    @Override
    public long enqueue(QueueName queue, Map<String, Object> job) {
        long id = add(queue, job, JobStatus.READY, "");
        courier.wake();
        return id;
    }

    private long add(QueueName queue, Map<String, Object> job, JobStatus status, String error) {
        long id = (Long) eval(Scripts.ADD, queue.value(), JobBodies.write(job), status.name(), error,
                Long.toString(clock.millis()));
        if (id == -1) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return id;
    }

    /** Every queue by name with its jobs counted, in one pipelined round trip. */
    @Override
    public List<StoreInfo> listStores() {
        List<String> names = queues().stream().sorted().toList();
        List<Long> counts = countJobs(names, List.of(":ready", ":error"));
        List<StoreInfo> infos = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            infos.add(new StoreInfo(names.get(i), OptionalLong.of(counts.get(2 * i) + counts.get(2 * i + 1))));
        }
        return infos;
    }

    @Override
    public OptionalLong storeCount() {
        return OptionalLong.of(call(() -> redis.zcard(base + "queues")));
    }

    @Override
    public Map<JobStatus, Long> depth() {
        List<String> names = queues();
        List<Long> counts = countJobs(names, List.of(":ready", ":error"));
        long ready = 0;
        long error = 0;
        for (int i = 0; i < names.size(); i++) {
            ready += counts.get(2 * i);
            error += counts.get(2 * i + 1);
        }
        Map<JobStatus, Long> depth = new EnumMap<>(JobStatus.class);
        depth.put(JobStatus.READY, ready);
        depth.put(JobStatus.ERROR, error);
        return depth;
    }

    private List<Long> countJobs(List<String> names, List<String> sets) {
        return call(() -> {
            List<Response<Long>> replies = new ArrayList<>();
            try (AbstractPipeline pipe = redis.pipelined()) {
                for (String name : names) {
                    for (String set : sets) {
                        replies.add(pipe.zcard(base + "q:" + name + set));
                    }
                }
                pipe.sync();
            }
            return replies.stream().map(Response::get).toList();
        });
    }

    @Override
    public Optional<DeliveryCounts> deliveries() {
        return Optional.of(courier.counts());
    }

    @Override
    public List<Job> jobs(QueueName queue, JobStatus status) {
        return list(queue, status.name(), 0, -1);
    }

    @Override
    public List<Job> jobs(QueueName queue, Optional<JobStatus> status, long fromId, int limit) {
        return list(queue, status.map(JobStatus::name).orElse(""), fromId, limit);
    }

    private List<Job> list(QueueName queue, String status, long fromId, int limit) {
        Object reply = eval(Scripts.LIST, queue.value(), status, Long.toString(fromId), Integer.toString(limit));
        if (!(reply instanceof List<?> fields)) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        List<Job> jobs = new ArrayList<>(fields.size() / 5);
        for (int i = 0; i + 4 < fields.size(); i += 5) {
            String error = fields.get(i + 4).toString();
            jobs.add(new Job(Long.parseLong(fields.get(i).toString()), queue.value(),
                    JobStatus.valueOf(fields.get(i + 1).toString()), JobBodies.read(fields.get(i + 2).toString()),
                    Instant.ofEpochMilli(Long.parseLong(fields.get(i + 3).toString())),
                    error.isEmpty() ? Optional.empty() : Optional.of(error)));
        }
        return jobs;
    }

    @Override
    public void cancel(QueueName queue, String id) {
        if (changeJob(Scripts.CANCEL, queue, JobBodies.id(id)) == 0) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
    }

    @Override
    public void retry(QueueName queue, String id) {
        if (changeJob(Scripts.RETRY, queue, JobBodies.id(id), Long.toString(clock.millis())) == 0) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
        courier.wake();
    }

    private long changeJob(String script, QueueName queue, long id, String... more) {
        List<String> args = new ArrayList<>(List.of(queue.value(), Long.toString(id)));
        args.addAll(List.of(more));
        long result = (Long) eval(script, args.toArray(String[]::new));
        if (result == -1) {
            throw HyperException.of(Fact.STORE_NOT_FOUND);
        }
        return result;
    }

    /** Stops deliveries (one cut short is due again at once, for any server), then closes the connections. */
    @Override
    public void close() {
        try {
            courier.close();
        } finally {
            redis.close();
        }
    }

    /** Runs one of {@link Scripts} with the key prefix as {@code ARGV[1]}. */
    Object eval(String script, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(base);
        argv.addAll(List.of(args));
        return call(() -> redis.eval(script, List.of(), argv));
    }

    /** Runs a Redis call, turning the client's failures into the port's: 503 while the engine is away. */
    <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisConnectionException e) {
            // The pool's other idle connections are as dead as this one: drop them, so that calls after the
            // engine comes back get fresh connections instead of failing one by one.
            redis.getPool().clear();
            throw HyperException.unavailable("queue engine at " + where + " unreachable: " + e.getMessage(), e);
        } catch (JedisDataException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (TRANSIENT.stream().anyMatch(message::startsWith)) {
                throw HyperException.unavailable("queue engine at " + where + ": " + message, e);
            }
            throw HyperException.failed("queue engine at " + where + ": " + message, e);
        } catch (JedisException e) {
            // e.g. no connection free in the pool within its wait
            throw HyperException.unavailable("queue engine at " + where + ": " + e.getMessage(), e);
        }
    }
}
