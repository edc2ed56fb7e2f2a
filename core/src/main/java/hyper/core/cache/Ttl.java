package hyper.core.cache;

import hyper.core.HyperException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time to live of a cache entry, in the grammar of the {@code ms} library the original used:
 * {@code "10s"}, {@code "1.5h"}, {@code "2 days"}, {@code "100"} (milliseconds). A JSON number is taken as
 * milliseconds. A zero or negative duration is clamped to one millisecond: the entry expires at once.
 * A duration beyond {@link #MAX} is refused rather than overflowing the expiry time into the past.
 */
public final class Ttl {

    private static final Pattern GRAMMAR = Pattern.compile(
            "^(-?(?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m"
                    + "|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$",
            Pattern.CASE_INSENSITIVE);

    /** The longest TTL: a thousand years, far beyond any use, far within what an expiry instant can hold. */
    public static final Duration MAX = Duration.ofDays(365_250);

    private Ttl() {}

    /**
     * Parses a TTL given as text; empty or absent means "no expiry".
     *
     * @throws HyperException TTL_INVALID when the text is not a duration
     */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = text.length() > 100 ? null : GRAMMAR.matcher(text);
        if (m == null || !m.matches()) {
            throw HyperException.of(HyperException.Fact.TTL_INVALID);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        return Optional.of(ofMillis(amount * unitMillis(unit)));
    }

    /** A TTL given as a JSON number of milliseconds. */
    public static Duration ofMillis(long millis) {
        return ofMillis((double) millis);
    }

    /**
     * A TTL of {@code millis} milliseconds, rounded.
     *
     * @throws HyperException TTL_INVALID when it is not a number or longer than {@link #MAX}
     */
    public static Duration ofMillis(double millis) {
        if (Double.isNaN(millis) || millis > MAX.toMillis()) {
            throw HyperException.of(HyperException.Fact.TTL_INVALID);
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    private static double unitMillis(String unit) {
        return switch (unit) {
            case "y", "yr", "yrs", "year", "years" -> 365.25 * 86_400_000d;
            case "w", "week", "weeks" -> 7 * 86_400_000d;
            case "d", "day", "days" -> 86_400_000d;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000d;
            case "m", "min", "mins", "minute", "minutes" -> 60_000d;
            case "s", "sec", "secs", "second", "seconds" -> 1_000d;
            default -> 1d;
        };
    }
}
