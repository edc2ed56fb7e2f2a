package hyper.server;

import hyper.core.Service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data routes on the embedded engine, plus what only it has: its files, restarts, kill -9. */
class DataRoutesTest extends DataRoutesContract {

    @TempDir
    static Path dir;

    @Override
    TestServer startServer() {
        return TestServer.start(dir);
    }

    @Test
    void documentsAndIndexesSurviveARestart() {
        String db = newDb();
        server.post(db, "{\"_id\":\"keep\",\"year\":1980,\"nested\":{\"a\":[1,2.5]}}").assertOk(201);
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"year\"]}").assertOk(201);
        server.restart();
        assertEquals("{\"_id\":\"keep\",\"year\":1980,\"nested\":{\"a\":[1,2.5]}}", server.get(db + "/keep").text());
        server.put(db).assertError(409);
        // the index is still there: the same name with other fields is a conflict
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"title\"]}").assertError(409);
        server.post(db + "/_index", "{\"name\":\"by-year\",\"fields\":[\"year\"]}").assertOk(201);
        assertTrue(Files.exists(dir.resolve("data")), "the engine keeps its files under <dataDir>/data");
    }

    @Test
    void bootstrapCreatesAndPurgesTheDomainDatabase(@TempDir Path other) {
        var options = TestServer.options(other).withDomain("movies");
        try (TestServer boot = TestServer.start(options.withBootstrap(Set.of(Service.DATA), Set.of()))) {
            boot.post("/data/movies", "{\"_id\":\"a\",\"v\":1}").assertOk(201);
        }
        try (TestServer again = TestServer.start(options.withBootstrap(Set.of(Service.DATA), Set.of()))) {
            assertEquals(1, again.get("/data/movies").json().path("docs").size());
        }
        try (TestServer purged = TestServer.start(options.withBootstrap(Set.of(Service.DATA), Set.of(Service.DATA)))) {
            assertEquals(0, purged.get("/data/movies").json().path("docs").size());
        }
    }

    /** An acknowledged write is in the file before the reply: a server killed right after keeps it. */
    @Test
    void acknowledgedWritesSurviveKill9(@TempDir Path other) {
        try (TestServer.Child child = TestServer.child(other, "--experimental", "--data", "--domain", "killed")) {
            for (int i = 0; i < 20; i++) {
                child.send("POST", "/data/killed", "{\"_id\":\"doc-" + i + "\",\"n\":" + i + "}").assertOk(201);
            }
            child.send("PUT", "/data/killed/doc-0", "{\"n\":100}").assertOk(200);
            child.send("DELETE", "/data/killed/doc-1", null).assertOk(200);
            child.send("POST", "/data/killed/_bulk", "[{\"_id\":\"doc-2\",\"_deleted\":true},{\"_id\":\"bulk\",\"n\":-1}]").assertOk(201);
            child.kill9(); // no shutdown hook, no close
        }
        try (TestServer after = TestServer.start(other)) {
            var docs = after.get("/data/killed").json().path("docs");
            assertEquals(19, docs.size(), docs::toString);
            assertEquals(100, after.get("/data/killed/doc-0").json().path("n").asInt());
            after.get("/data/killed/doc-1").assertError(404);
            after.get("/data/killed/doc-2").assertError(404);
            assertEquals(19, after.get("/data/killed/doc-19").json().path("n").asInt());
            assertEquals(-1, after.get("/data/killed/bulk").json().path("n").asInt());
        }
    }

    /** Indexes stay in step with the documents through kill -9: the engine builds them anew on opening. */
    @Test
    void indexedQueriesAnswerRightAfterKill9(@TempDir Path other) {
        try (TestServer.Child child = TestServer.child(other, "--experimental", "--data", "--domain", "killed")) {
            for (int i = 0; i < 10; i++) {
                child.send("POST", "/data/killed", "{\"_id\":\"doc-" + i + "\",\"n\":" + i + "}").assertOk(201);
            }
            child.send("POST", "/data/killed/_index", "{\"name\":\"by-n\",\"fields\":[\"n\"]}").assertOk(201);
            child.send("PUT", "/data/killed/doc-0", "{\"n\":100}").assertOk(200);
            child.send("DELETE", "/data/killed/doc-1", null).assertOk(200);
            child.send("POST", "/data/killed/_bulk", "[{\"_id\":\"doc-2\",\"_deleted\":true},{\"_id\":\"bulk\",\"n\":5}]")
                    .assertOk(201);
            child.kill9();
        }
        try (TestServer after = TestServer.start(other)) {
            String query = "/data/killed/_query";
            assertEquals(List.of("bulk", "doc-0", "doc-5"), ids(after.post(query,
                    "{\"selector\":{\"n\":{\"$in\":[0,1,2,5,100]}},\"fields\":[\"_id\"]}").json().path("docs")));
            assertEquals(List.of(), ids(after.post(query, "{\"selector\":{\"n\":0}}").json().path("docs")));
            assertEquals(List.of("doc-8", "doc-9", "doc-0"), ids(after.post(query,
                    "{\"selector\":{\"n\":{\"$gte\":8}},\"sort\":[\"n\"]}").json().path("docs")));
        }
    }

    private static List<String> ids(JsonNode docs) {
        List<String> ids = new ArrayList<>();
        docs.forEach(d -> ids.add(d.path("_id").asText()));
        return ids;
    }
}
