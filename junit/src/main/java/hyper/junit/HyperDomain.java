package hyper.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@code Hyper} (or connection URI) for another domain of the same server:
 * {@code void test(Hyper hyper, @HyperDomain("archive") Hyper archive)}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HyperDomain {

    /** The domain. */
    String value();
}
