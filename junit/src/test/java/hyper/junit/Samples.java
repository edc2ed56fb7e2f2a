package hyper.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Sample test classes that the extension's tests run through {@link #engine()} and then inspect. */
final class Samples {

    private static final String PARAMETER = "hyper.junit.sample";

    private Samples() {}

    /** The Jupiter engine, set to run samples. */
    static EngineTestKit.Builder engine() {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(PARAMETER, "true");
    }

    /** A sample: disabled when a build or an IDE finds it on its own. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(OnlyWhenRunAsSample.class)
    @interface Sample {}

    static final class OnlyWhenRunAsSample implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run as a sample")
                    : ConditionEvaluationResult.disabled("a sample, run by the extension's own tests");
        }
    }
}
