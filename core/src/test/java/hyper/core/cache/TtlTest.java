package hyper.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hyper.core.HyperException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TtlTest {

    @Test
    void parsesTheMsGrammar() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), Ttl.parse("10s"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), Ttl.parse("1m"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), Ttl.parse("1.5h"));
        assertEquals(Optional.of(Duration.ofDays(2)), Ttl.parse("2 days"));
        assertEquals(Optional.of(Duration.ofDays(14)), Ttl.parse("2W"));
        assertEquals(Optional.of(Duration.ofMillis(100)), Ttl.parse("100"));
        assertEquals(Optional.of(Duration.ofMillis(500)), Ttl.parse(".5s"));
        assertEquals(Optional.of(Duration.ofMillis(31_557_600_000L)), Ttl.parse("1y"));
        assertEquals(Optional.empty(), Ttl.parse(""));
        assertEquals(Optional.empty(), Ttl.parse(null));
    }

    @Test
    void zeroAndNegativeExpireAtOnce() {
        assertEquals(Optional.of(Duration.ofMillis(1)), Ttl.parse("0"));
        assertEquals(Optional.of(Duration.ofMillis(1)), Ttl.parse("-1h"));
        assertEquals(Duration.ofMillis(1), Ttl.ofMillis(-5));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"abc", "10 parsecs", "1h30m", "1".repeat(101), "--1s"}) {
            var e = assertThrows(HyperException.class, () -> Ttl.parse(bad), bad);
            assertEquals(HyperException.Reason.UNPROCESSABLE, e.reason());
            assertEquals(HyperException.Fact.TTL_INVALID, e.fact());
        }
    }

    @Test
    void aTtlBeyondAThousandYearsIsRefusedInsteadOfOverflowing() {
        assertEquals(Optional.of(Ttl.MAX), Ttl.parse("365250d"));
        for (String tooLong : new String[] {"300000000y", "1000000000000000000000", "365251d"}) {
            var e = assertThrows(HyperException.class, () -> Ttl.parse(tooLong), tooLong);
            assertEquals(HyperException.Fact.TTL_INVALID, e.fact());
        }
        assertThrows(HyperException.class, () -> Ttl.ofMillis(1e300));
        assertThrows(HyperException.class, () -> Ttl.ofMillis(Double.NaN));
    }
}
