package hyper.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.Services;
import hyper.core.cache.CachePort;
import hyper.core.data.DataPort;
import hyper.core.queue.QueuePort;
import hyper.core.search.SearchPort;
import hyper.core.storage.StoragePort;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code GET /openapi.json}) describes exactly the routes the router serves: a route
 * without an entry fails here, and so does an entry no route serves. Adding a route means adding its path
 * item to {@code http/src/main/resources/hyper/http/openapi.json}; this test names what is missing.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "options", "head",
            "trace");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final JsonNode doc = Json.MAPPER.readTree(InfoRoutes.OpenApi.DOCUMENT);

    OpenApiDocumentTest() throws Exception {}

    /** The routes as the server registers them, over ports that are never called. */
    private static List<Router.Entry> routes() {
        Services unused = new Services(unused(CachePort.class), unused(DataPort.class), unused(StoragePort.class),
                unused(SearchPort.class), unused(QueuePort.class));
        return HttpApi.routes(unused, ApiAccess.open(), Telemetry.none()).entries();
    }

    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException("registering routes must not call a port");
        }));
    }

    private static String key(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + " " + template;
    }

    @Test
    void everyRouteHasAnOperationAndEveryOperationARoute() {
        Set<String> served = new TreeSet<>();
        for (Router.Entry route : routes()) {
            served.add(key(route.method().text(), route.template()));
        }
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                documented.add(key(op.getKey(), path.getKey()));
            }
        }));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(served);
        assertTrue(undocumented.isEmpty(), "routes without an entry in openapi.json: " + undocumented);
        assertTrue(unserved.isEmpty(), "entries in openapi.json that no route serves: " + unserved);
    }

    @Test
    void routesThatTakeARestOfThePathAreListedWithoutTheirStar() {
        assertTrue(routes().stream().anyMatch(r -> r.pattern().equals("/storage/{bucket}/{path*}")
                && r.template().equals("/storage/{bucket}/{path}")));
    }

    @Test
    void isAnOpenApi31Document() {
        assertTrue(doc.path("openapi").asText().matches("3\\.1\\.\\d+"), "openapi: " + doc.path("openapi"));
        assertFalse(doc.path("info").path("title").asText().isBlank(), "info.title");
        assertFalse(doc.path("info").path("version").asText().isBlank(), "info.version");
        assertTrue(doc.path("paths").isObject(), "paths");
        assertTrue(doc.path("components").isObject(), "components");
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) doc.path("paths").properties()::iterator) {
            assertTrue(path.getKey().startsWith("/"), "a path starts with /: " + path.getKey());
        }
        for (String section : List.of("schemas", "responses", "parameters", "securitySchemes")) {
            assertTrue(doc.path("components").path(section).isObject(), "components." + section);
        }
        doc.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(scheme ->
                assertTrue(doc.path("components").path("securitySchemes").has(scheme), "security scheme " + scheme)));
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "only local references: " + ref);
            JsonNode target = doc.at(ref.substring(1));
            assertFalse(target.isMissingNode(), "unresolved $ref " + ref);
        }
    }

    @Test
    void everyOperationIsCompleteAndItsPathParametersDeclared() {
        Set<String> operationIds = new HashSet<>();
        doc.path("paths").properties().forEach(path -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = PARAMETER.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            path.getValue().properties().forEach(entry -> {
                if (!METHODS.contains(entry.getKey())) {
                    return;
                }
                String where = entry.getKey() + " " + path.getKey();
                JsonNode op = entry.getValue();
                assertTrue(operationIds.add(op.path("operationId").asText()), "unique operationId at " + where);
                JsonNode responses = op.path("responses");
                assertTrue(responses.isObject() && !responses.isEmpty(), "responses of " + where);
                assertTrue(responses.has("500"), "the 500 envelope of " + where);
                boolean success = false;
                for (var status : (Iterable<String>) responses::fieldNames) {
                    success |= status.startsWith("2");
                    if (status.startsWith("4") || status.startsWith("5")) {
                        assertEquals("#/components/schemas/Error", errorSchemaRef(resolve(responses.get(status))),
                                "error " + status + " of " + where + " is the envelope");
                    }
                }
                assertTrue(success, "a 2xx response of " + where);
                Set<String> declared = new TreeSet<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode parameter = resolve(p);
                    if (parameter.path("in").asText().equals("path")) {
                        declared.add(parameter.path("name").asText());
                        assertTrue(parameter.path("required").asBoolean(), "path parameters are required: " + where);
                    }
                }
                assertEquals(inTemplate, declared, "path parameters of " + where);
            });
        });
        if (operationIds.isEmpty()) {
            fail("no operations");
        }
    }

    @Test
    void theAuthExceptionsAreTheOnesWithoutSecurity() {
        Set<String> open = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode security = op.getValue().path("security");
            if (security.isArray() && security.isEmpty()) {
                open.add(key(op.getKey(), path.getKey()));
            }
        }));
        assertEquals(Set.of("GET /", "GET /health", "GET /openapi.json", "GET /_console", "GET /_console/{file}"),
                open);
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static String errorSchemaRef(JsonNode response) {
        return response.path("content").path("application/json").path("schema").path("$ref").asText();
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
