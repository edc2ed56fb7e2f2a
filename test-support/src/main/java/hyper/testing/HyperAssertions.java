package hyper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
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
}
