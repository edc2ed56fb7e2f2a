package hyper.junit;

import hyper.client.Hyper;
import hyper.server.HyperNano;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * The JUnit 5 extension behind {@link HyperNanoTest}: starts an in-process hyper-nano server on a free
 * port with a temporary data directory, once per test class or once per test, and resolves parameters of
 * type {@code Hyper}, {@code URI} (the connection string) and {@code HyperNano}. Use it through the
 * annotation, or as {@code @ExtendWith(HyperNanoExtension.class)} for the defaults (one server per class,
 * domain {@code test}).
 *
 * <p>The server, its directory and the clients handed out are closed and deleted when the class (or
 * test) is done. Needs JUnit 5.13 or later (stored values are closed as {@link AutoCloseable}).
 */
public final class HyperNanoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HyperNanoExtension.class);
    private static final String SERVER = "server";

    /**
     * Makes the tests of one {@link HyperNanoTest} class (and its {@code @Nested} classes) run one at a time
     * under JUnit's parallel execution, while other classes run beside them: a lock per outermost class.
     */
    public static final class OneTestAtATime implements ResourceLocksProvider {

        /** For JUnit. */
        public OneTestAtATime() {}

        @Override
        public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
            Class<?> outermost = enclosingInstanceTypes.isEmpty() ? testClass : enclosingInstanceTypes.getFirst();
            return Set.of(new Lock("hyper-nano server of " + outermost.getName()));
        }
    }

    /** For JUnit; configure with {@link HyperNanoTest}. */
    public HyperNanoExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Settings settings = settings(context);
        if (settings.lifecycle() == HyperNanoTest.Lifecycle.PER_CLASS) {
            server(context, settings);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context, settings(context)).beforeTest();
    }

    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        // a constructor of a PER_TEST class gets the test's server, not one of its own
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Hyper.class || type == URI.class || type == HyperNano.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Settings settings = settings(context);
        if (settings.lifecycle() == HyperNanoTest.Lifecycle.PER_TEST && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@HyperNanoTest(lifecycle = PER_TEST) starts a server for each"
                    + " test: inject it into the test, @BeforeEach or @AfterEach methods or the constructor, not "
                    + parameter.getDeclaringExecutable().getName());
        }
        NanoServer server = server(context, settings);
        String domain = parameter.findAnnotation(HyperDomain.class).map(HyperDomain::value).orElse(settings.domain());
        Class<?> type = parameter.getParameter().getType();
        if (type == Hyper.class) {
            return server.client(domain);
        }
        if (type == URI.class) {
            return server.connection(domain);
        }
        return server.server();
    }

    /** The server of this class or test: started on first use, closed with the context that holds it. */
    private static NanoServer server(ExtensionContext context, Settings settings) {
        ExtensionContext owner = settings.lifecycle() == HyperNanoTest.Lifecycle.PER_TEST ? context : classContext(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(SERVER, key -> NanoServer.start(settings), NanoServer.class);
    }

    /**
     * The context of the test class. A store finds values of its parents first, so {@code @Nested} classes
     * share the server (and settings) of the class around them.
     */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent()) {
            c = c.getParent().orElseThrow();
        }
        return c;
    }

    private static Settings settings(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(Settings.class, k -> Settings.of(testClass), Settings.class);
    }
}
