package hyper.queue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.queue.DeliveryCounts;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
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
    private final Clock clock;
    private final SqliteQueue.Delivery settings;
    private final HttpClient http;
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
        this.clock = clock;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build();
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
                String failure = send(parcel);
                if (failure == null) {
                    delivered.increment();
                    record(() -> store.delivered(parcel.id()));
                } else if (attempt.attempt() < parcel.retries().orElse(settings.retries())) {
                    retried.increment();
                    retryLater(lane, new Attempt(parcel.id(), attempt.attempt() + 1));
                } else {
                    failed.increment();
                    record(() -> store.failed(parcel.id(), failure));
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
     * Sends one job; null when the target took it (2xx), otherwise why not. The timeout bounds the whole
     * exchange, body included: a target that answers its headers and then stalls cannot hold a sender.
     */
    private String send(JobStore.Parcel parcel) {
        URI target = parcel.target();
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(target))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(parcel.body()));
        // user:password in the target URL is sent as Basic credentials, as browsers and curl do.
        if (target.getRawUserInfo() != null) {
            String userInfo = URLDecoder.decode(target.getRawUserInfo(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        // Signed when sent (not when enqueued), so the timestamp is fresh for the receiver's age check.
        parcel.secret().filter(s -> !s.isEmpty())
                .ifPresent(s -> request.header(Signature.HEADER, Signature.header(s, clock.millis(), parcel.body())));
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            int status = exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status >= 200 && status < 300 ? null : "target answered " + status;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return "no answer from target within " + settings.timeout().toMillis() + " ms";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return "no answer from target within " + settings.timeout().toMillis() + " ms";
            }
            return "cannot deliver to target: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        } catch (InterruptedException e) {
            // Closing: the job stays READY and is delivered again on the next start.
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("delivery interrupted by shutdown");
        }
    }

    private static URI withoutUserInfo(URI target) {
        if (target.getRawUserInfo() == null) {
            return target;
        }
        try {
            return new URI(target.getScheme(), null, target.getHost(), target.getPort(), target.getPath(),
                    target.getQuery(), target.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a target that parsed once parses again", e);
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
            http.shutdownNow();
        }
    }
}
