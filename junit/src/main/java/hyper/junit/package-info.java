/**
 * A JUnit 5 extension that runs tests against an in-process hyper-nano server:
 * {@link hyper.junit.HyperNanoTest} on a test class, {@code Hyper}, {@code URI} or {@code HyperNano}
 * parameters in its tests.
 */
package hyper.junit;
