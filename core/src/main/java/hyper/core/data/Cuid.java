package hyper.core.data;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates document ids in the shape of cuid v1, as the original does: 25 characters of lowercase base 36,
 * starting with {@code c} — a time stamp, a counter, a process fingerprint and random blocks. Ids made in
 * the same process within one millisecond still differ (the counter), and ids sort roughly by creation time.
 */
public final class Cuid {

    private static final int BASE = 36;
    private static final int BLOCK = 4;
    private static final int BLOCK_SPACE = BASE * BASE * BASE * BASE; // 36^4
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt(BLOCK_SPACE));
    private static final String FINGERPRINT = pad(Long.toString(ProcessHandle.current().pid() % (BASE * BASE), BASE), 2)
            + pad(Integer.toString(RANDOM.nextInt(BASE * BASE), BASE), 2);

    private Cuid() {}

    /** A new id, e.g. {@code clrz4g1ub0000qz8h2m9w3k5d}. */
    public static String next() {
        String time = pad(Long.toString(System.currentTimeMillis(), BASE), 8);
        String count = pad(Integer.toString(Math.floorMod(COUNTER.getAndIncrement(), BLOCK_SPACE), BASE), BLOCK);
        return "c" + time + count + FINGERPRINT + randomBlock() + randomBlock();
    }

    private static String randomBlock() {
        return pad(Integer.toString(RANDOM.nextInt(BLOCK_SPACE), BASE), BLOCK);
    }

    /** The last {@code size} characters of {@code s}, left-padded with zeros. */
    private static String pad(String s, int size) {
        String padded = "0".repeat(Math.max(0, size - s.length())) + s;
        return padded.substring(padded.length() - size);
    }
}
