package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import java.util.OptionalLong;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the facts a port states, never on any wording. */
public final class HyperAssertions {

    private HyperAssertions() {}

    /** Asserts that {@code call} fails with a {@link HyperException} stating {@code fact}, and returns it. */
    public static HyperException assertFact(Fact fact, Executable call) {
        HyperException e = assertThrows(HyperException.class, call, () -> "expected " + fact);
        assertEquals(fact, e.fact(), () -> "expected " + fact + ", got " + e);
        return e;
    }

    /**
     * Asserts that a count a port may not know ({@code storeCount()}) is known both times or neither, and
     * when known grew by {@code by}.
     */
    public static void assertCountGrew(OptionalLong before, OptionalLong after, long by) {
        assertEquals(before.isPresent(), after.isPresent(), "a count known once is known again");
        if (before.isPresent()) {
            assertEquals(before.getAsLong() + by, after.getAsLong(), "the count");
        }
    }
}
