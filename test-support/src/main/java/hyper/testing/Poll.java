package hyper.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread or process does: the one poller of the test suites. */
public final class Poll {

    private Poll() {}

    /** Polls {@code condition} every 20 ms for up to 20 s; fails naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        until(Duration.ofSeconds(20), condition, what);
    }

    /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
