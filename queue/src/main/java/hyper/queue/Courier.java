package hyper.queue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.queue.DeliveryCounts;
import hyper.queue.delivery.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers READY jobs: one lane per queue with at most {@code parallelism} deliveries in flight, so a slow
 * or dead target only holds up its own queue. Each delivery runs on a virtual thread; retries wait on a
 * timer with exponential backoff. The database is the truth: a delivery first re-reads its job, so a job
 * that was cancelled or whose queue was deleted meanwhile is simply not sent.
 */
final class Courier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Courier.class.getName());
    /** How long close() lets deliveries in flight finish before interrupting them. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How often the outcome of a delivery is tried again while the disk is too full to record it. */
    private static final Duration RECORD_AGAIN = Duration.ofSeconds(5);

    /** One attempt to deliver a job; {@code attempt} counts from 0. */
    private record Attempt(long id, int attempt) {}

    /** The deliveries of one queue. */
    private static final class Lane {
        final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
        int inFlight;
        boolean dropped;
    }

    private final JobStore store;
    private final SqliteQueue.Delivery settings;
    private final Webhook webhook;
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("queue-delivery-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-retry-timer").daemon().factory());
    private final Map<String, Lane> lanes = new HashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private boolean closed;

    Courier(JobStore store, Clock clock, SqliteQueue.Delivery settings) {
        this.store = store;
        this.settings = settings;
        this.webhook = new Webhook(clock, settings.timeout());
    }

    /** The attempts so far, by outcome. */
    DeliveryCounts counts() {
        return new DeliveryCounts(delivered.sum(), retried.sum(), failed.sum());
    }

    /** Queues a first delivery of job {@code id}. */
    synchronized void submit(String queue, long id) {
        Lane lane = lanes.computeIfAbsent(queue, q -> new Lane());
        lane.waiting.add(new Attempt(id, 0));
        pump(lane);
    }

    /** Forgets a job that has not been sent yet (one in flight cannot be recalled). */
    synchronized void forget(String queue, long id) {
        Lane lane = lanes.get(queue);
        if (lane != null) {
            lane.waiting.removeIf(a -> a.id() == id);
        }
    }

    /** Stops every pending delivery of a deleted queue. */
    synchronized void drop(String queue) {
        Lane lane = lanes.remove(queue);
        if (lane != null) {
            lane.dropped = true;
            lane.waiting.clear();
        }
    }

    private void pump(Lane lane) {
        while (!closed && !lane.dropped && lane.inFlight < settings.parallelism() && !lane.waiting.isEmpty()) {
            Attempt next = lane.waiting.poll();
            lane.inFlight++;
            senders.execute(() -> {
                try {
                    deliver(lane, next);
                } finally {
                    synchronized (this) {
                        lane.inFlight--;
                        pump(lane);
                    }
                }
            });
        }
    }

    private void deliver(Lane lane, Attempt attempt) {
        try {
            store.parcel(attempt.id()).ifPresent(parcel -> {
                Optional<String> failure = webhook.post(parcel.target(), parcel.secret(), parcel.body());
                if (failure.isEmpty()) {
                    delivered.increment();
                    record(() -> store.delivered(parcel.id()));
                } else if (attempt.attempt() < parcel.retries().orElse(settings.retries())) {
                    retried.increment();
                    retryLater(lane, new Attempt(parcel.id(), attempt.attempt() + 1));
                } else {
                    failed.increment();
                    record(() -> store.failed(parcel.id(), failure.get()));
                }
            });
        } catch (CancellationException e) {
            // Shutting down: the job stays READY and is delivered again on the next start.
        } catch (RuntimeException e) {
            // The job stays READY, so the next start delivers it again.
            LOG.log(System.Logger.Level.WARNING, "delivery of job " + attempt.id() + " failed", e);
        }
    }

    /**
     * Records the outcome of a delivery. With the disk full it is recorded later, tried again every
     * {@link #RECORD_AGAIN} until there is space: the job is not sent again meanwhile, and a restart before
     * then sends it again as for any job left READY.
     */
    private void record(Runnable outcome) {
        try {
            outcome.run();
        } catch (HyperException e) {
            if (e.fact() != Fact.DISK_FULL) {
                throw e;
            }
            synchronized (this) {
                if (!closed) {
                    timer.schedule(() -> {
                        try {
                            record(outcome);
                        } catch (RuntimeException again) {
                            LOG.log(System.Logger.Level.WARNING, "recording a delivery failed", again);
                        }
                    }, RECORD_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void retryLater(Lane lane, Attempt attempt) {
        long delay = settings.backoff().toMillis() << Math.min(attempt.attempt() - 1, 16);
        synchronized (this) {
            if (closed) {
                return;
            }
            timer.schedule(() -> {
                synchronized (this) {
                    if (!lane.dropped) {
                        lane.waiting.add(attempt);
                        pump(lane);
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops new deliveries, lets those in flight finish for a moment, then interrupts the rest. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
                senders.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            webhook.close();
        }
    }
}
