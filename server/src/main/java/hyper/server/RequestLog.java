package hyper.server;

import hyper.http.Exchange;
import hyper.http.Telemetry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The access log of {@code --log-requests}: one line per request on standard output,
 * {@code <time> <method> <path> <status> <duration>ms <bytes>B}, e.g.
 * {@code 2026-01-01T12:00:00.123Z GET /data/movies/42 200 1.42ms 605B}. The time is when the response was
 * sent (UTC); the path is the raw one, without the query string, which may carry a signed URL's signature;
 * the bytes are those written for the response, status line and headers included.
 */
final class RequestLog {

    private final PrintStream out;
    private final Clock clock;

    RequestLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** The line of one exchange, finished at {@code at}. */
    static String line(Exchange e, Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)) + ' '
                + e.method() + ' ' + e.path() + ' ' + e.status() + ' '
                + String.format(Locale.ROOT, "%.2f", e.nanos() / 1e6) + "ms " + e.bytes() + 'B';
    }

    void log(Exchange exchange) {
        out.println(line(exchange, clock.instant()));
    }

    /** {@code telemetry}, logging every exchange as well. */
    Telemetry around(Telemetry telemetry) {
        return telemetry.alsoTelling(this::log);
    }
}
