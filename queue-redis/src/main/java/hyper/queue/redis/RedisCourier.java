package hyper.queue.redis;

import hyper.core.HyperException;
import hyper.core.queue.DeliveryCounts;
import hyper.queue.delivery.Webhook;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * This server's share of the deliveries. A poller claims the due jobs of every queue in one script
 * ({@link Scripts#CLAIM}), at most {@code parallelism} in flight per queue, so a slow target only holds up its
 * own queue; each claimed job is POSTed on a virtual thread by the shared {@link Webhook}. While a delivery runs
 * its lease is renewed every third of the lease; if this process dies the renewals stop, the lease passes, and
 * any server on the same Redis claims the job again: at least once, never lost. Redis is the truth: an outcome
 * is recorded only for a job that is still there (not cancelled, queue not deleted), and a failure only by the
 * lease's holder.
 */
final class RedisCourier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisCourier.class.getName());
    /** How long close() lets deliveries in flight finish before interrupting them. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** A job this server claimed: what it needs to send it, and the token that proves its lease. */
    private record Claim(String queue, long id, String body, int failedAttempts, String token, URI target,
            Optional<String> secret, OptionalInt retries) {}

    private final RedisQueue engine;
    private final RedisQueue.Delivery settings;
    private final Webhook webhook;
    /** Tells this server's leases from another's. */
    private final String server = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("queue-delivery-", 0).factory());
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-lease-renewal").daemon().factory());
    private final Thread poller;
    /** Deliveries in flight by queue, and their leases by job id. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<Long, Claim> leases = new ConcurrentHashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private boolean woken;
    private boolean closed;

    RedisCourier(RedisQueue engine, Clock clock, RedisQueue.Delivery settings) {
        this.engine = engine;
        this.settings = settings;
        this.webhook = new Webhook(clock, settings.timeout());
        this.poller = Thread.ofPlatform().name("queue-poller").daemon().unstarted(this::poll);
    }

    /** Starts claiming and delivering. */
    void start() {
        poller.start();
        long every = Math.max(10, settings.lease().toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** The attempts so far, by outcome. */
    DeliveryCounts counts() {
        return new DeliveryCounts(delivered.sum(), retried.sum(), failed.sum());
    }

    /** Looks for due jobs now rather than at the next poll: one was enqueued here, or a lane has room. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    private void poll() {
        boolean engineLost = false;
        while (true) {
            synchronized (this) {
                try {
                    if (!woken && !closed) {
                        wait(settings.poll().toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                woken = false;
            }
            try {
                claimDueJobs();
                if (engineLost) {
                    LOG.log(System.Logger.Level.INFO, "queue engine reachable again: deliveries resume");
                    engineLost = false;
                }
            } catch (HyperException e) {
                if (!engineLost) {
                    LOG.log(System.Logger.Level.WARNING, "queue deliveries wait for the engine: " + e.getMessage());
                    engineLost = true;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "claiming queue jobs failed", e);
            }
        }
    }

    private void claimDueJobs() {
        List<String> args = new ArrayList<>(List.of(Long.toString(settings.lease().toMillis()),
                server + ":" + claims.incrementAndGet(), Integer.toString(settings.parallelism())));
        synchronized (this) {
            if (closed) {
                return;
            }
            inFlight.forEach((queue, count) -> args.addAll(List.of(queue, Integer.toString(count))));
        }
        String token = args.get(1);
        List<?> fields = (List<?>) engine.eval(Scripts.CLAIM, args.toArray(String[]::new));
        for (int i = 0; i + 6 < fields.size(); i += 7) {
            String secret = fields.get(i + 2).toString();
            String retries = fields.get(i + 3).toString();
            send(new Claim(fields.get(i).toString(), Long.parseLong(fields.get(i + 4).toString()),
                    fields.get(i + 5).toString(), Integer.parseInt(fields.get(i + 6).toString()), token,
                    URI.create(fields.get(i + 1).toString()),
                    secret.startsWith("1") ? Optional.of(secret.substring(1)) : Optional.empty(),
                    retries.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(retries))));
        }
    }

    private void send(Claim claim) {
        synchronized (this) {
            inFlight.merge(claim.queue(), 1, Integer::sum);
        }
        leases.put(claim.id(), claim);
        try {
            senders.execute(() -> deliver(claim));
        } catch (RejectedExecutionException closing) {
            finished(claim);
            release(claim);
        }
    }

    private void deliver(Claim claim) {
        try {
            Optional<String> failure = webhook.post(claim.target(), claim.secret(), claim.body());
            if (failure.isEmpty()) {
                delivered.increment();
                engine.eval(Scripts.DELIVERED, Long.toString(claim.id()));
            } else if (claim.failedAttempts() < claim.retries().orElse(settings.retries())) {
                retried.increment();
                long wait = settings.backoff().toMillis() << Math.min(claim.failedAttempts(), 16);
                engine.eval(Scripts.FAILED, Long.toString(claim.id()), claim.token(), failure.get(), "0",
                        Long.toString(wait));
            } else {
                failed.increment();
                engine.eval(Scripts.FAILED, Long.toString(claim.id()), claim.token(), failure.get(), "1", "0");
            }
        } catch (CancellationException e) {
            release(claim);
        } catch (RuntimeException e) {
            // The outcome is not recorded (the engine is away): the lease passes and the job is sent again.
            LOG.log(System.Logger.Level.WARNING, "recording the delivery of job " + claim.id() + " failed: "
                    + e.getMessage());
        } finally {
            finished(claim);
        }
    }

    private void finished(Claim claim) {
        leases.remove(claim.id(), claim);
        synchronized (this) {
            inFlight.merge(claim.queue(), -1, (a, b) -> a + b == 0 ? null : a + b);
            woken = true;
            notifyAll();
        }
    }

    /** A delivery cut short by closing: the job is due again at once, for this or another server. */
    private void release(Claim claim) {
        try {
            boolean interrupted = Thread.interrupted(); // a Redis call needs a thread that is not interrupted
            engine.eval(Scripts.RELEASE, Long.toString(claim.id()), claim.token());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (RuntimeException e) {
            // Then the lease passes by itself.
        }
    }

    /** Extends the leases of the deliveries in flight, so no other server takes a job that is being sent. */
    private void renew() {
        List<Claim> held = List.copyOf(leases.values());
        if (held.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(settings.lease().toMillis())));
        for (Claim c : held) {
            args.addAll(List.of(c.queue(), Long.toString(c.id()), c.token()));
        }
        try {
            engine.eval(Scripts.RENEW, args.toArray(String[]::new));
        } catch (RuntimeException e) {
            // The engine is away: the next renewal tries again; a lease that passes only means a second delivery.
        }
    }

    /** Stops claiming, lets deliveries in flight finish for a moment, then interrupts (and releases) the rest. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            if (poller.getState() != Thread.State.NEW) {
                poller.join(Duration.ofSeconds(10));
            }
            senders.shutdown();
            if (!senders.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
                senders.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            renewals.shutdownNow();
            webhook.close();
        }
    }
}
