package hyper.junit;

import hyper.core.Service;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** What {@link HyperNanoTest} asks for, checked once per test class. */
record Settings(HyperNanoTest.Lifecycle lifecycle, boolean reset, String domain, Set<Service> services,
        Optional<String> seed, Class<?> testClass) {

    /** The server can bootstrap these (its --data --cache --storage flags). */
    private static final Set<Service> BOOTSTRAPPED = EnumSet.of(Service.DATA, Service.CACHE, Service.STORAGE);

    static Settings of(Class<?> testClass) {
        HyperNanoTest a = annotation(testClass).orElse(null);
        if (a == null) {
            return new Settings(HyperNanoTest.Lifecycle.PER_CLASS, false, "test", Set.of(), Optional.empty(), testClass);
        }
        if (a.domain().isBlank()) {
            throw new ExtensionConfigurationException("@HyperNanoTest(domain) must not be blank");
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (String name : a.services()) {
            Service service = Arrays.stream(Service.values())
                    .filter(s -> s.id().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new ExtensionConfigurationException("@HyperNanoTest(services): unknown service "
                            + name + "; the server bootstraps data, cache and storage"));
            if (!BOOTSTRAPPED.contains(service)) {
                throw new ExtensionConfigurationException("@HyperNanoTest(services): the server cannot bootstrap "
                        + service.id() + " (an index needs its fields, a queue its target): create it in the test,"
                        + " or an index with a seed file");
            }
            services.add(service);
        }
        if (a.reset() && a.lifecycle() == HyperNanoTest.Lifecycle.PER_TEST) {
            // harmless, but says the author expects something PER_TEST does anyway
            throw new ExtensionConfigurationException("@HyperNanoTest: reset is for PER_CLASS; PER_TEST servers"
                    + " start empty for every test");
        }
        return new Settings(a.lifecycle(), a.reset(), a.domain(), services,
                a.seed().isBlank() ? Optional.empty() : Optional.of(a.seed()), testClass);
    }

    /** On the class, a superclass, or an enclosing class of a {@code @Nested} one. */
    private static Optional<HyperNanoTest> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            HyperNanoTest a = c.getAnnotation(HyperNanoTest.class);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
