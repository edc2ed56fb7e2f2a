package hyper.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API serves ports and must never name an engine: its compiled module may read core, Helidon,
 * Jackson and the JDK, and nothing else of ours. Read from the compiled descriptor, so a new
 * {@code requires} fails here before any handler can use it.
 */
class ModuleBoundaryTest {

    private static ModuleDescriptor compiledDescriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void requiresNoAdapterModule() throws IOException {
        Set<String> ours = new TreeSet<>();
        for (ModuleDescriptor.Requires requires : compiledDescriptor().requires()) {
            String name = requires.name();
            if (name.startsWith("hyper.")) {
                ours.add(name);
            } else {
                assertTrue(name.startsWith("java.") || name.startsWith("io.helidon.")
                        || name.startsWith("com.fasterxml.jackson."), "unexpected module read by hyper.http: " + name);
            }
        }
        assertEquals(Set.of("hyper.core"), ours, "hyper.http may read hyper.core only of our modules");
    }

    @Test
    void exportsOnlyToTheServer() throws IOException {
        for (ModuleDescriptor.Exports exports : compiledDescriptor().exports()) {
            assertEquals(Set.of("hyper.server"), exports.targets(), "export of " + exports.source());
        }
    }
}
