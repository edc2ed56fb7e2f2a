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
 */
public final class Ttl {

    private static final Pattern GRAMMAR = Pattern.compile(
            "^(-?(?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m"
                    + "|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$",
            Pattern.CASE_INSENSITIVE);

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
        return Optional.of(ofMillis(Math.round(amount * unitMillis(unit))));
    }

    /** A TTL given as a JSON number of milliseconds. */
    public static Duration ofMillis(long millis) {
        return Duration.ofMillis(Math.max(1, millis));
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
