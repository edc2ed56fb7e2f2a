package hyper.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.Service;
import hyper.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One store per service named {@value #NAME}, filled with known content, and a cheap fingerprint of it:
 * a few reads per service (plus, for storage, which has no listing route, the files on disk). A request
 * refused with a 4xx must leave every fingerprint as it was; after a request that succeeded, the seed is
 * put back and its fingerprint taken again.
 */
final class SeededStores {

    static final String NAME = "seeded";
    static final List<String> CACHE_KEYS = List.of("alpha", "beta");
    static final List<String> DOC_IDS = List.of("doc-1", "doc-2");
    static final List<String> OBJECTS = List.of("known.txt", "folder/nested.bin");
    static final List<String> SEARCH_KEYS = List.of("s1", "s2");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestServer server;
    private final String hook;
    private final Map<Service, String> baseline = new EnumMap<>(Service.class);

    SeededStores(TestServer server, String hook) {
        this.server = server;
        this.hook = hook;
    }

    /** Seeds every service and takes every fingerprint. */
    void reseedAll() {
        for (Service service : Service.values()) {
            reseed(service);
        }
    }

    /** Puts the seed of {@code service} back (whatever a successful request did) and fingerprints it. */
    void reseed(Service service) {
        seed(service);
        baseline.put(service, fingerprint(service));
    }

    /** How the fingerprint of {@code service} differs from the one taken after seeding, if it does. */
    Optional<String> changed(Service service) {
        String now = fingerprint(service);
        String before = baseline.get(service);
        return now.equals(before) ? Optional.empty()
                : Optional.of("before: " + RawHttp.printable(before, 800)
                        + "\n  after:  " + RawHttp.printable(now, 800));
    }

    /** Every service whose fingerprint changed, with how. */
    Map<Service, String> changedAny() {
        Map<Service, String> changed = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            changed(service).ifPresent(diff -> changed.put(service, diff));
        }
        return changed;
    }

    private void seed(Service service) {
        switch (service) {
            case CACHE -> {
                // afresh: an entry a successful write left with a time to live would expire between checks
                server.delete("/cache/" + NAME);
                create(server.put("/cache/" + NAME));
                ok(server.put("/cache/" + NAME + "/alpha", "{\"n\":1,\"s\":\"first\"}"));
                ok(server.put("/cache/" + NAME + "/beta", "{\"list\":[1,2,3],\"nested\":{\"deep\":true}}"));
            }
            case DATA -> {
                create(server.put("/data/" + NAME));
                ok(server.put("/data/" + NAME + "/doc-1", "{\"title\":\"seeded one\",\"n\":1,\"tags\":[\"a\",\"b\"]}"));
                ok(server.put("/data/" + NAME + "/doc-2",
                        "{\"title\":\"seeded two\",\"n\":2,\"nested\":{\"x\":null}}"));
            }
            case STORAGE -> {
                create(server.put("/storage/" + NAME));
                ok(server.post("/storage/" + NAME + "/known.txt", "known content\n".getBytes(StandardCharsets.UTF_8),
                        "text/plain"));
                byte[] bytes = new byte[256];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
                ok(server.post("/storage/" + NAME + "/folder/nested.bin", bytes, "application/octet-stream"));
            }
            case SEARCH -> {
                create(server.put("/search/" + NAME, "{\"fields\":[\"title\",\"body\"],\"storeFields\":[\"title\"]}"));
                ok(server.put("/search/" + NAME + "/s1", "{\"title\":\"seeded first\",\"body\":\"alpha words\"}"));
                ok(server.put("/search/" + NAME + "/s2", "{\"title\":\"seeded second\",\"body\":\"beta words\"}"));
            }
            case QUEUE -> {
                create(server.put("/queue/" + NAME, "{\"target\":\"" + hook + "\",\"retries\":0}"));
                if (jobs().isEmpty()) {
                    ok(server.post("/queue/" + NAME, "{\"seeded\":true}"));
                }
            }
        }
    }

    /** The ids of the seeded queue's jobs, READY or ERROR. */
    List<String> jobIds() {
        return new ArrayList<>(jobs().keySet());
    }

    private String fingerprint(Service service) {
        return switch (service) {
            case CACHE -> read("/cache") + read("/cache/" + NAME + "/_query");
            case DATA -> read("/data/" + NAME);
            case STORAGE -> OBJECTS.stream().map(o -> read("/storage/" + NAME + "/" + o)).reduce("", String::concat)
                    + files(server.dir().resolve("storage"));
            case SEARCH -> read("/search/" + NAME + "/s1") + read("/search/" + NAME + "/s2") + matches();
            case QUEUE -> read("/queue") + jobs();
        };
    }

    /**
     * The seeded queue's jobs by id, READY ones read first: a job moving from READY to ERROR meanwhile
     * is in one list or both, never in neither.
     */
    private Map<String, String> jobs() {
        Map<String, String> jobs = new TreeMap<>();
        for (String status : List.of("READY", "ERROR")) {
            Http.Reply reply = server.get("/queue/" + NAME + "?status=" + status);
            if (reply.status() != 200) {
                return Map.of("status " + status, reply.status() + " " + reply.text());
            }
            for (JsonNode job : reply.json().path("jobs")) {
                jobs.put(job.path("id").asText(), job.path("job").toString());
            }
        }
        return jobs;
    }

    /**
     * What a query for "seeded" finds, without scores: a background merge may change them (deleted
     * documents stop counting) without any request.
     */
    private String matches() {
        Http.Reply reply = server.post("/search/" + NAME + "/_query", "{\"query\":\"seeded\"}");
        if (reply.status() != 200) {
            return "query -> " + reply.status() + " " + reply.text() + "\n";
        }
        Map<String, String> matches = new TreeMap<>();
        for (JsonNode match : reply.json().path("matches")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) match).remove("score");
            matches.put(match.path("id").asText(), match.toString());
        }
        return "query -> " + matches + "\n";
    }

    private String read(String path) {
        return read("GET", path, null);
    }

    private String read(String method, String path, String json) {
        Http.Reply reply = server.send(method, path, json);
        String type = reply.header("Content-Type");
        String body = type != null && type.startsWith("application/json") ? canonical(reply.text()) : sha256(reply.bytes());
        return method + " " + path + " -> " + reply.status() + " " + body + "\n";
    }

    private static String canonical(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (IOException e) {
            return json;
        }
    }

    /** Relative path and size of every file under {@code root}. */
    private static String files(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            StringBuilder out = new StringBuilder("files:");
            for (Path p : all.sorted().toList()) {
                out.append(' ').append(root.relativize(p)).append(Files.isRegularFile(p) ? "=" + Files.size(p) : "/");
            }
            return out.append('\n').toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void create(Http.Reply reply) {
        if (reply.status() != 201 && reply.status() != 409) {
            throw new AssertionError("seeding: create answered " + reply.status() + " " + reply.text());
        }
    }

    private static void ok(Http.Reply reply) {
        if (reply.status() / 100 != 2) {
            throw new AssertionError("seeding answered " + reply.status() + " " + reply.text());
        }
    }
}
