package hyper.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.client.BulkResult;
import hyper.client.HyperResult;
import hyper.client.Hyper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Loads a seed file ({@link HyperNanoTest#seed()}) into a domain through the client. */
final class Seeds {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Seeds() {}

    static void load(Class<?> testClass, String seed, Hyper hyper) {
        JsonNode root = read(testClass, seed);
        if (!root.isObject()) {
            throw new ExtensionConfigurationException("seed " + seed + ": a JSON object is expected");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!List.of("data", "cache", "search", "storage").contains(member)) {
                throw new ExtensionConfigurationException("seed " + seed + ": unknown member " + member
                        + " (data, cache, search, storage)");
            }
        }
        JsonNode data = root.path("data");
        if (!data.isMissingNode()) {
            created(seed, hyper.data().create());
            check(seed, "data", hyper.data().bulk(JSON.convertValue(data, List.class)));
        }
        JsonNode cache = root.path("cache");
        if (!cache.isMissingNode()) {
            created(seed, hyper.cache().create());
            for (Iterator<Map.Entry<String, JsonNode>> it = cache.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                check(seed, "cache " + e.getKey(), hyper.cache().set(e.getKey(), e.getValue()));
            }
        }
        JsonNode search = root.path("search");
        if (!search.isMissingNode()) {
            created(seed, hyper.search().create(strings(search.path("fields")), strings(search.path("storeFields"))));
            if (search.has("docs")) {
                check(seed, "search", hyper.search().load(JSON.convertValue(search.path("docs"), List.class)));
            }
        }
        JsonNode storage = root.path("storage");
        if (!storage.isMissingNode()) {
            created(seed, hyper.storage().create());
            for (Iterator<Map.Entry<String, JsonNode>> it = storage.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                check(seed, "storage " + e.getKey(),
                        hyper.storage().upload(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static JsonNode read(Class<?> testClass, String seed) {
        try (InputStream resource = testClass.getResourceAsStream(seed)) {
            if (resource != null) {
                return JSON.readTree(resource);
            }
            Path file = Path.of(seed);
            if (Files.isRegularFile(file)) {
                return JSON.readTree(file.toFile());
            }
        } catch (IOException e) {
            throw new ExtensionConfigurationException("seed " + seed + " is not readable JSON: " + e.getMessage(), e);
        }
        throw new ExtensionConfigurationException("seed " + seed + ": no such class-path resource (relative to "
                + testClass.getName() + ", or absolute with a leading /) or file");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Created now, or already there (bootstrapped, or kept by a per-class server). */
    private static void created(String seed, HyperResult result) {
        if (!result.ok() && result.status() != 409) {
            throw new ExtensionConfigurationException("seed " + seed + ": " + result.status() + " " + result.msg());
        }
    }

    private static void check(String seed, String what, HyperResult result) {
        if (!result.ok()) {
            throw new ExtensionConfigurationException("seed " + seed + " (" + what + "): " + result.status() + " "
                    + result.msg());
        }
        if (result instanceof BulkResult bulk) {
            bulk.results().stream().filter(item -> !item.ok()).findFirst().ifPresent(item -> {
                throw new ExtensionConfigurationException("seed " + seed + " (" + what + " " + item.id() + "): "
                        + item.msg());
            });
        }
    }
}
