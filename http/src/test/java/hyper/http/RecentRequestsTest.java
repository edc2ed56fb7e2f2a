package hyper.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring behind {@code GET /_admin/requests}: numbering, the oldest dropped first, what it leaves out. */
class RecentRequestsTest {

    private final RecentRequests ring = new RecentRequests(3,
            Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC));

    private static Exchange get(String path, String route) {
        return new Exchange("GET", path, route, 200, 1_500_000, 100);
    }

    private List<String> paths(RecentRequests.Page page) {
        return page.entries().stream().map(RecentRequests.Entry::path).toList();
    }

    @Test
    void anEmptyRingAnswersNothingAndLastZero() {
        RecentRequests.Page page = ring.after(0, 10);
        assertEquals(List.of(), page.entries());
        assertEquals(0, page.last());
        assertFalse(page.missed());
    }

    @Test
    void entriesAreNumberedFromOneAndReadAfterASequenceNumber() {
        ring.record(get("/a", "/a"));
        ring.record(get("/b", "/b"));
        assertEquals(List.of("/a", "/b"), paths(ring.after(0, 10)));
        assertEquals(List.of("/b"), paths(ring.after(1, 10)));
        assertEquals(List.of("/a"), paths(ring.after(0, 1)));
        assertEquals(2, ring.after(2, 10).last());
        assertEquals(List.of(), ring.after(2, 10).entries());
        RecentRequests.Entry first = ring.after(0, 1).entries().getFirst();
        assertEquals(1, first.seq());
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), first.at());
        assertEquals(1_500_000, first.nanos());
    }

    @Test
    void theOldestMakesRoomAndAReaderThatFellBehindIsToldItMissedSome() {
        for (String path : List.of("/1", "/2", "/3", "/4", "/5")) {
            ring.record(get(path, path));
        }
        RecentRequests.Page behind = ring.after(0, 10);
        assertEquals(List.of("/3", "/4", "/5"), paths(behind));
        assertTrue(behind.missed());
        assertEquals(5, behind.last());
        assertEquals(3, behind.entries().getFirst().seq());
        RecentRequests.Page caughtUp = ring.after(2, 10);
        assertEquals(List.of("/3", "/4", "/5"), paths(caughtUp));
        assertFalse(caughtUp.missed());
        assertEquals(List.of("/5"), paths(ring.after(4, 10)));
    }

    @Test
    void theConsoleWatchingIsLeftOut() {
        ring.record(get("/_admin/requests", AdminRoutes.REQUESTS_ROUTE));
        ring.record(get("/_console/", ConsoleRoutes.ROOT));
        ring.record(get("/_console/console.js", "/_console/{file}"));
        ring.record(get("/_admin/stores", "/_admin/stores"));
        assertEquals(List.of("/_admin/stores"), paths(ring.after(0, 10)));
        assertEquals(1, ring.after(0, 10).last());
    }

    @Test
    void itIsFedThroughTheTelemetryItWraps() throws Exception {
        List<Exchange> seen = new ArrayList<>();
        Telemetry wrapped = ring.around(new Telemetry() {
            @Override
            public void completed(Exchange exchange) {
                seen.add(exchange);
            }

            @Override
            public void writeMetrics(OutputStream out) {}
        });
        wrapped.completed(get("/health", "/health"));
        assertEquals(1, seen.size());
        assertEquals(List.of("/health"), paths(ring.after(0, 10)));
    }
}
