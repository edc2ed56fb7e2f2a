package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.testing.Http;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every data route over HTTP, with the statuses and shapes of the spec. Runs once per engine: the embedded
 * one ({@link DataRoutesTest}) and an external MongoDB given as the data URL ({@link ExternalDataRoutesTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataRoutesContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    TestServer server;

    /** Starts the server under test. */
    abstract TestServer startServer();

    @BeforeAll
    void start() {
        server = startServer();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A new, empty database; returns its path, e.g. {@code /data/t3-...}. */
    String newDb() {
        String path = "/data/t" + DATABASES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        server.put(path).assertOk(201);
        return path;
    }

    JsonNode ids(Http.Reply reply) {
        return reply.json().path("docs");
    }

    List<String> idsOf(Http.Reply reply) {
        List<String> ids = new ArrayList<>();
        reply.json().path("docs").forEach(d -> ids.add(d.path("_id").asText()));
        return ids;
    }

    Http.Reply query(String db, String body) {
        return server.post(db + "/_query", body);
    }

    /** Adds the five albums of the original's test suite plus two movies. */
    String albums() {
        String db = newDb();
        server.post(db + "/_bulk", """
                [{"_id":"2001","type":"album","title":"Nevermind","band":"Nirvana","year":1991,"tags":["grunge","rock"],"label":{"name":"DGC","country":"US"}},
                 {"_id":"2002","type":"album","title":"Ten","band":"Pearl Jam","year":1991,"tags":["grunge"],"label":{"name":"Epic","country":"US"}},
                 {"_id":"2003","type":"album","title":"Back in Black","band":"AC/DC","year":1980,"tags":["rock","hard"],"label":{"name":"Atlantic","country":"AU"}},
                 {"_id":"2004","type":"album","title":"The Doors","band":"The Doors","year":1967,"tags":["rock"],"rating":4.5},
                 {"_id":"2005","type":"album","title":"Abbey Road","band":"The Beatles","year":"1969","tags":[]},
                 {"_id":"m1","type":"movie","title":"Dune","year":1984,"ratings":[{"by":"a","score":7},{"by":"b","score":9}]},
                 {"_id":"m2","type":"movie","title":"alien","year":1979,"ratings":[{"by":"a","score":10}]}]
                """).assertOk(201);
        return db;
    }

    // ---- databases ----------------------------------------------------------------------------------

    @Test
    void infoRoute() {
        JsonNode info = server.get("/data").json();
        assertEquals("hyper Data", info.path("name").asText());
        assertEquals("1.0.1", info.path("version").asText());
    }

    @Test
    void createAndRemoveDatabase() {
        String db = "/data/life-" + System.nanoTime();
        assertEquals("{\"ok\":true}", server.put(db).text());
        assertEquals("database already exists", server.put(db).assertError(409).msg());
        assertEquals("{\"ok\":true}", server.delete(db).text());
        assertEquals("database does not exist", server.delete(db).assertError(404).msg());
        assertEquals("database does not exist", server.get(db).assertError(404).msg());
    }

    @Test
    void databaseNamesAreCaseSensitiveAndFreeForm() {
        String name = "My Db " + System.nanoTime();
        String encoded = "/data/" + name.replace(" ", "%20");
        server.put(encoded).assertOk(201);
        server.get(encoded.toLowerCase()).assertError(404);
        server.post(encoded, "{\"a\":1}").assertOk(201);
        assertEquals(1, ids(server.get(encoded)).size());
        server.delete(encoded).assertOk(200);
    }

    @Test
    void reservedAndUnsafeNamesAre422() {
        assertEquals("meta-cl1ld3td500003e68rc2f8o6x is a reserved db name",
                server.put("/data/meta-cl1ld3td500003e68rc2f8o6x").assertError(422).msg());
        server.delete("/data/meta-cl1ld3td500003e68rc2f8o6x").assertError(422);
        server.put("/data/%2E%2E").assertError(422);
        server.put("/data/a%2Fb").assertError(422);
        server.get("/data/a%5Cb/x").assertError(422);
    }

    @Test
    void everyDocumentRouteChecksTheDatabase() {
        String db = "/data/missing-" + System.nanoTime();
        server.get(db).assertError(404);
        server.post(db, "{\"a\":1}").assertError(404);
        server.get(db + "/x").assertError(404);
        server.put(db + "/x", "{\"a\":1}").assertError(404);
        server.delete(db + "/x").assertError(404);
        server.post(db + "/_query", "{}").assertError(404);
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":[\"a\"]}").assertError(404);
        server.post(db + "/_bulk", "[{\"_id\":\"a\"}]").assertError(404);
        assertEquals("database does not exist", server.get(db + "/x").msg());
    }

    @Test
    void removingADatabaseDropsItsDocuments() {
        String db = newDb();
        server.post(db, "{\"_id\":\"a\",\"n\":1}").assertOk(201);
        server.delete(db).assertOk(200);
        server.put(db).assertOk(201);
        assertEquals(0, ids(server.get(db)).size());
        server.get(db + "/a").assertError(404);
    }

    // ---- documents ----------------------------------------------------------------------------------

    @Test
    void createGeneratesACuidAndKeepsTheDocumentExactly() {
        String db = newDb();
        var reply = server.post(db, "{\"type\":\"movie\",\"title\":\"Dune\",\"year\":1980,\"rating\":7.5,"
                + "\"big\":9007199254740993,\"tags\":[\"a\",1,null,true],\"nested\":{\"x\":{\"y\":[1,2]}},\"id\":\"movie-1\"}");
        reply.assertOk(201);
        String id = reply.json().path("id").asText();
        assertTrue(id.matches("c[0-9a-z]{24}"), id);
        var doc = server.get(db + "/" + id);
        assertEquals(200, doc.status());
        assertEquals("{\"_id\":\"" + id + "\",\"type\":\"movie\",\"title\":\"Dune\",\"year\":1980,\"rating\":7.5,"
                + "\"big\":9007199254740993,\"tags\":[\"a\",1,null,true],\"nested\":{\"x\":{\"y\":[1,2]}},\"id\":\"movie-1\"}",
                doc.text());
    }

    @Test
    void createWithAnIdAndDuplicates() {
        String db = newDb();
        assertEquals("{\"ok\":true,\"id\":\"42\"}", server.post(db, "{\"_id\":\"42\",\"type\":\"test\"}").text());
        assertEquals("document with _id 42 already exists",
                server.post(db, "{\"_id\":\"42\",\"type\":\"other\"}").assertError(409).msg());
        assertEquals("test", server.get(db + "/42").json().path("type").asText());
        server.post(db, "{\"_id\":\"only-id\"}").assertOk(201);
        // falsy _id values are replaced by a generated id, as in the original
        assertTrue(server.post(db, "{\"_id\":\"\",\"a\":1}").json().path("id").asText().startsWith("c"));
    }

    @Test
    void createRejectsBadDocuments() {
        String db = newDb();
        assertEquals("document empty", server.post(db, "{}").assertError(400).msg());
        assertEquals("document empty", server.send(HttpRequest.newBuilder(server.uri(db))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))).assertError(400).msg());
        assertEquals("Invalid Arguments 'id': Expected string, received number.",
                server.post(db, "{\"_id\":42,\"a\":1}").assertError(422).msg());
        assertEquals("Invalid Arguments 'doc': Expected object, received array.",
                server.post(db, "[{\"a\":1}]").assertError(422).msg());
        server.post(db, "{\"a\":}").assertError(400);
        server.post(db, "{\"$set\":{\"a\":1}}").assertError(400);
        assertEquals(0, ids(server.get(db)).size());
    }

    @Test
    void documentsUpToTheLimitAndNotBeyond() {
        String db = newDb();
        String big = "x".repeat(7 * 1024 * 1024);
        server.post(db, "{\"_id\":\"big\",\"s\":\"" + big + "\"}").assertOk(201);
        assertEquals(big.length(), server.get(db + "/big").json().path("s").asText().length());
        String tooBig = "x".repeat(8 * 1024 * 1024);
        server.post(db, "{\"_id\":\"huge\",\"s\":\"" + tooBig + "\"}").assertError(413);
        server.get(db + "/huge").assertError(404);
    }

    @Test
    void getHasTheLegacyAndTheHyperShape() {
        String db = newDb();
        server.post(db, "{\"_id\":\"42\",\"type\":\"test\"}").assertOk(201);
        assertEquals("{\"_id\":\"42\",\"type\":\"test\"}", server.get(db + "/42").text());
        assertEquals("{\"ok\":true,\"doc\":{\"_id\":\"42\",\"type\":\"test\"}}",
                server.get(db + "/42", Map.of("X-HYPER-LEGACY-GET", "false")).text());
        assertEquals("document with _id 43 does not exist", server.get(db + "/43").assertError(404).msg());
        assertEquals("document with _id _query does not exist", server.get(db + "/_query").assertError(404).msg());
    }

    @Test
    void putReplacesWholeDocumentsAndUpserts() {
        String db = newDb();
        assertEquals("{\"ok\":true,\"id\":\"n1\"}", server.put(db + "/n1", "{\"a\":1,\"b\":2}").text());
        assertEquals(200, server.put(db + "/n1", "{\"_id\":\"n1\",\"c\":3}").status());
        assertEquals("{\"_id\":\"n1\",\"c\":3}", server.get(db + "/n1").text());
        server.put(db + "/empty", "{}").assertOk(200);
        assertEquals("{\"_id\":\"empty\"}", server.get(db + "/empty").text());
    }

    @Test
    void putRejectsAnotherIdAndArraysWithoutWriting() {
        String db = newDb();
        server.put(db + "/n1", "{\"a\":1}").assertOk(200);
        assertEquals("_id in body does not match id", server.put(db + "/n1", "{\"_id\":\"n2\",\"a\":2}").assertError(400).msg());
        server.put(db + "/n1", "[1]").assertError(422);
        server.put(db + "/n1", "{\"$set\":{\"a\":5}}").assertError(400);
        assertEquals("{\"_id\":\"n1\",\"a\":1}", server.get(db + "/n1").text());
        server.get(db + "/n2").assertError(404);
    }

    @Test
    void deleteDocument() {
        String db = newDb();
        server.post(db, "{\"_id\":\"d\",\"a\":1}").assertOk(201);
        assertEquals("{\"ok\":true,\"id\":\"d\"}", server.delete(db + "/d").text());
        assertEquals("document with _id d does not exist", server.delete(db + "/d").assertError(404).msg());
        server.get(db + "/d").assertError(404);
    }

    @Test
    void idsWithEncodedCharacters() {
        String db = newDb();
        server.put(db + "/a%20b%2Fc", "{\"v\":1}").assertOk(200);
        assertEquals("a b/c", server.get(db + "/a%20b%2Fc").json().path("_id").asText());
    }

    // ---- list ---------------------------------------------------------------------------------------

    String thousands() {
        String db = newDb();
        StringBuilder docs = new StringBuilder("[");
        for (int i = 1001; i <= 1009; i++) {
            docs.append(i == 1001 ? "" : ",").append("{\"_id\":\"").append(i).append("\",\"n\":").append(i).append('}');
        }
        server.post(db + "/_bulk", docs.append(']').toString()).assertOk(201);
        return db;
    }

    @Test
    void listRanges() {
        String db = thousands();
        assertEquals(List.of("1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009"), idsOf(server.get(db)));
        assertEquals(List.of("1004", "1005", "1006", "1007", "1008"), idsOf(server.get(db + "?startkey=1004&endkey=1008")));
        assertEquals(List.of("1002", "1005", "1008"), idsOf(server.get(db + "?keys=1008,1002,nope,1005")));
        assertEquals(List.of("1005"), idsOf(server.get(db + "?keys=1002%2C1005&startkey=1004")));
        assertEquals(List.of("1001", "1002"), idsOf(server.get(db + "?limit=2")));
        assertEquals(9, idsOf(server.get(db + "?limit=0")).size());
        assertEquals(9, idsOf(server.get(db + "?limit=")).size());
        assertEquals(1009, server.get(db + "?limit=1&startkey=1009").json().path("docs").get(0).path("n").asInt());
    }

    @Test
    void listDescending() {
        String db = thousands();
        assertEquals("1009", idsOf(server.get(db + "?descending=true")).getFirst());
        assertEquals("1009", idsOf(server.get(db + "?descending=1")).getFirst());
        assertEquals("1009", idsOf(server.get(db + "?descending=yes")).getFirst());
        assertEquals("1001", idsOf(server.get(db + "?descending=false")).getFirst()); // Q5
        assertEquals("1001", idsOf(server.get(db + "?descending=0")).getFirst());
        assertEquals("1001", idsOf(server.get(db + "?descending=")).getFirst());
        assertEquals(List.of("1008", "1007"), idsOf(server.get(db + "?descending=true&limit=2&endkey=1008")));
        // the range is never swapped
        assertEquals(List.of(), idsOf(server.get(db + "?descending=true&startkey=1008&endkey=1004")));
    }

    @Test
    void listRejectsBadParameters() {
        String db = thousands();
        assertEquals("Invalid Arguments 'limit': Expected number, received string.",
                server.get(db + "?limit=ten").assertError(422).msg());
        server.get(db + "?limit=1&limit=2").assertError(422);
        server.get(db + "?limit=-1").assertError(422);
    }

    // ---- query --------------------------------------------------------------------------------------

    List<String> match(String db, String selector) {
        var reply = query(db, "{\"selector\":" + selector + ",\"sort\":[\"_id\"]}");
        assertEquals(200, reply.status(), () -> selector + " -> " + reply.text());
        return idsOf(reply);
    }

    @Test
    void queryComparisonOperators() {
        String db = albums();
        assertEquals(List.of("2001", "2002"), match(db, "{\"year\":1991}"));
        assertEquals(List.of("2001", "2002"), match(db, "{\"year\":{\"$eq\":1991}}"));
        assertEquals(List.of("2001", "2002", "m1"), match(db, "{\"year\":{\"$gt\":1980}}"));
        assertEquals(List.of("2001", "2002", "2003", "m1"), match(db, "{\"year\":{\"$gte\":1980}}"));
        assertEquals(List.of("2004", "m2"), match(db, "{\"year\":{\"$lt\":1980}}"));
        assertEquals(List.of("2003", "2004", "m2"), match(db, "{\"year\":{\"$lte\":1980}}"));
        assertEquals(List.of("2003", "2004", "2005", "m1", "m2"), match(db, "{\"year\":{\"$ne\":1991}}"));
        // Q16: numbers and strings never compare
        assertEquals(List.of("2005"), match(db, "{\"year\":{\"$gt\":\"1000\"}}"));
        assertEquals(List.of(), match(db, "{\"year\":{\"$gt\":\"2000\"}}"));
    }

    @Test
    void queryInAndNin() {
        String db = albums();
        assertEquals(List.of("2003", "2004"), match(db, "{\"year\":{\"$in\":[1980,1967]}}"));
        assertEquals(List.of("2001", "2002", "2005", "m1", "m2"), match(db, "{\"year\":{\"$nin\":[1980,1967]}}"));
        assertEquals(List.of("2001", "2002"), match(db, "{\"tags\":{\"$in\":[\"grunge\"]}}"));
    }

    @Test
    void queryLogicalOperators() {
        String db = albums();
        assertEquals(List.of("2001"), match(db, "{\"$and\":[{\"year\":1991},{\"band\":\"Nirvana\"}]}"));
        assertEquals(List.of("2003", "2004"), match(db, "{\"$or\":[{\"year\":1980},{\"band\":\"The Doors\"}]}"));
        assertEquals(List.of("2005"), match(db, "{\"$nor\":[{\"year\":{\"$lt\":1990}},{\"year\":1991}]}"));
        assertEquals(List.of("2004", "2005", "m2"), match(db, "{\"year\":{\"$not\":{\"$gte\":1980}}}"));
    }

    @Test
    void queryElementOperators() {
        String db = albums();
        assertEquals(List.of("2004"), match(db, "{\"rating\":{\"$exists\":true}}"));
        assertEquals(6, match(db, "{\"rating\":{\"$exists\":false}}").size());
        assertEquals(List.of("2005"), match(db, "{\"year\":{\"$type\":\"string\"}}"));
    }

    @Test
    void queryArrayOperatorsAndArrayEquality() {
        String db = albums();
        assertEquals(List.of("2001", "2003", "2004"), match(db, "{\"tags\":\"rock\"}"));
        assertEquals(List.of("2003"), match(db, "{\"tags\":{\"$all\":[\"rock\",\"hard\"]}}"));
        assertEquals(List.of("2005"), match(db, "{\"tags\":{\"$size\":0}}"));
        assertEquals(List.of("2001", "2003"), match(db, "{\"tags\":{\"$size\":2}}"));
        assertEquals(List.of("m1"), match(db, "{\"ratings\":{\"$elemMatch\":{\"by\":\"b\",\"score\":{\"$gt\":8}}}}"));
        assertEquals(List.of(), match(db, "{\"ratings\":{\"$elemMatch\":{\"by\":\"a\",\"score\":9}}}"));
        assertEquals(List.of("m1", "m2"), match(db, "{\"ratings.by\":\"a\"}"));
        assertEquals(List.of("2001"), match(db, "{\"tags\":[\"grunge\",\"rock\"]}"));
    }

    @Test
    void queryEvaluationOperatorsAndNestedFields() {
        String db = albums();
        assertEquals(List.of("2004", "2005"), match(db, "{\"band\":{\"$regex\":\"^The \"}}"));
        assertEquals(List.of("m1", "m2"), match(db, "{\"type\":\"movie\",\"title\":{\"$regex\":\"^[a-d]\",\"$options\":\"i\"}}"));
        assertEquals(List.of("m2"), match(db, "{\"type\":\"movie\",\"title\":{\"$regex\":\"^[a-d]\"}}"));
        assertEquals(List.of("2003", "m1"), match(db, "{\"year\":{\"$mod\":[4,0]}}"));
        assertEquals(List.of("2001", "2002"), match(db, "{\"label.country\":\"US\"}"));
        assertEquals(List.of("2003"), match(db, "{\"label\":{\"name\":\"Atlantic\",\"country\":\"AU\"}}"));
    }

    @Test
    void queryFieldsSortLimitAndSkip() {
        String db = albums();
        var byTitle = query(db, "{\"selector\":{\"type\":\"album\"},\"sort\":[{\"title\":\"DESC\"}],\"use_index\":\"idx-title\"}");
        assertEquals(List.of("2004", "2002", "2001", "2003", "2005"), idsOf(byTitle));
        var projected = query(db, "{\"selector\":{\"type\":\"album\"},\"fields\":[\"_id\",\"band\"]}").json().path("docs");
        assertEquals(5, projected.size());
        projected.forEach(d -> assertEquals(List.of("_id", "band"), fieldNames(d)));
        var noId = query(db, "{\"selector\":{\"_id\":\"2001\"},\"fields\":[\"band\",\"label.name\"]}").json().path("docs").get(0);
        assertEquals("{\"band\":\"Nirvana\",\"label\":{\"name\":\"DGC\"}}", noId.toString());
        assertEquals(2, ids(query(db, "{\"selector\":{\"type\":\"album\"},\"limit\":2}")).size());
        assertEquals(2, ids(query(db, "{\"selector\":{\"type\":\"album\"},\"limit\":\"2\"}")).size());
        assertEquals(List.of("2003", "2004"), idsOf(query(db, "{\"sort\":[\"_id\"],\"skip\":2,\"limit\":2}")));
        assertEquals(List.of("2004", "2003", "2001", "2002"),
                idsOf(query(db, "{\"selector\":{\"year\":{\"$type\":\"number\"},\"type\":\"album\"},\"sort\":[{\"year\":\"ASC\"},{\"_id\":\"ASC\"}]}")));
        assertEquals(List.of("2002", "2001", "2003", "2004"),
                idsOf(query(db, "{\"selector\":{\"year\":{\"$type\":\"number\"},\"type\":\"album\"},\"sort\":[{\"year\":\"DESC\"},{\"_id\":\"DESC\"}]}")));
        // documents lacking the sort field come first when ascending
        assertEquals(List.of("2004"), idsOf(query(db, "{\"sort\":[{\"rating\":\"DESC\"}],\"limit\":1}")));
        assertEquals("2001", idsOf(query(db, "{\"sort\":[\"rating\",\"_id\"],\"limit\":1}")).getFirst());
    }

    @Test
    void queryDefaultsToAtMost25Documents() {
        String db = newDb();
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
        }
        server.post(db + "/_bulk", docs.append(']').toString()).assertOk(201);
        assertEquals(25, ids(query(db, "{}")).size());
        assertEquals(25, ids(query(db, "{\"limit\":0}")).size());
        assertEquals(25, ids(server.post(db + "/_query", "")).size());
        assertEquals(30, ids(query(db, "{\"limit\":100}")).size());
        assertEquals(30, ids(server.get(db)).size());
    }

    @Test
    void queryRejectsBadInput() {
        String db = albums();
        query(db, "{\"sort\":[\"title\",{\"year\":\"DESC\"}]}").assertError(400);
        query(db, "{\"sort\":[{\"year\":\"desc\"}]}").assertError(400);
        query(db, "{\"sort\":\"title\"}").assertError(400);
        query(db, "{\"fields\":\"title\"}").assertError(422);
        query(db, "{\"fields\":[1]}").assertError(422);
        query(db, "{\"selector\":[]}").assertError(422);
        query(db, "{\"selector\":\"x\"}").assertError(422);
        query(db, "{\"limit\":\"many\"}").assertError(422);
        query(db, "{\"skip\":true}").assertError(422);
        assertTrue(query(db, "{\"selector\":{\"year\":{\"$foo\":1}}}").assertError(400).msg().contains("$foo"));
        query(db, "{\"selector\":{\"$allMatch\":{\"a\":1}}}").assertError(400);
        query(db, "{\"selector\":{\"title\":{\"$regex\":\"(\"}}}").assertError(400);
        query(db, "{\"selector\":{\"year\":{\"$in\":1991}}}").assertError(400);
        query(db, "{\"selector\":{\"$or\":{\"a\":1}}}").assertError(400);
        query(db, "[1]").assertError(422);
        query(db, "{\"selector\":").assertError(400);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- index --------------------------------------------------------------------------------------

    @Test
    void indexes() {
        String db = albums();
        String idx = "{\"name\":\"idx-title\",\"fields\":[\"title\"],\"type\":\"JSON\"}";
        assertEquals("{\"ok\":true}", server.post(db + "/_index", idx).text());
        assertEquals(201, server.post(db + "/_index", idx).status());
        assertEquals("index idx-title fields do not match the existing index with the same name",
                server.post(db + "/_index", "{\"name\":\"idx-title\",\"fields\":[\"year\"]}").assertError(409).msg());
        server.post(db + "/_index", "{\"name\":\"other\",\"fields\":[{\"title\":\"ASC\"}]}").assertError(409);
        server.post(db + "/_index", "{\"name\":\"idx-multi\",\"fields\":[{\"type\":\"ASC\"},{\"year\":\"DESC\"}]}").assertOk(201);
        server.post(db + "/_index", "{\"name\":\"idx-part\",\"fields\":[\"band\"],\"partialFilter\":{\"year\":{\"$gt\":1970}}}").assertOk(201);
        // indexes do not change results
        assertEquals(List.of("2004", "2002", "2001", "2003", "2005"),
                idsOf(query(db, "{\"selector\":{\"type\":\"album\"},\"sort\":[{\"title\":\"DESC\"}],\"use_index\":\"idx-title\"}")));
    }

    @Test
    void indexRejectsBadInput() {
        String db = newDb();
        assertEquals("Invalid Arguments 'name': Required.", server.post(db + "/_index", "{\"fields\":[\"a\"]}").assertError(422).msg());
        server.post(db + "/_index", "{\"name\":5,\"fields\":[\"a\"]}").assertError(422);
        server.post(db + "/_index", "{\"name\":\"i\"}").assertError(400);
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":[]}").assertError(400);
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":\"a\"}").assertError(400);
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":[{\"a\":\"up\"}]}").assertError(400);
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":[\"a\"],\"partialFilter\":[1]}").assertError(422);
        // what MongoDB refuses as a partial filter is refused on every engine, before an index exists
        assertEquals("partialFilter does not support $bogus", server.post(db + "/_index",
                "{\"name\":\"i\",\"fields\":[\"a\"],\"partialFilter\":{\"$bogus\":1}}").assertError(400).msg());
        server.post(db + "/_index", "{\"name\":\"i\",\"fields\":[\"a\"]}").assertOk(201);
    }

    // ---- bulk ---------------------------------------------------------------------------------------

    @Test
    void bulkMixesUpsertsAndDeletes() {
        String db = newDb();
        server.post(db, "{\"_id\":\"3001\",\"v\":1}").assertOk(201);
        server.post(db, "{\"_id\":\"3003\",\"v\":1}").assertOk(201);
        var reply = server.post(db + "/_bulk", """
                [{"_id":"3001","v":2,"_update":true},
                 {"_id":"3002","v":1},
                 {"_id":"3003","_deleted":true},
                 {"_id":"3004","_deleted":true},
                 {"v":"generated"},
                 {"_id":"3005","_deleted":false}]
                """);
        reply.assertOk(201);
        JsonNode results = reply.json().path("results");
        assertEquals(6, results.size());
        assertEquals(List.of("3001", "3002", "3003", "3004"), List.of(results.get(0).path("id").asText(),
                results.get(1).path("id").asText(), results.get(2).path("id").asText(), results.get(3).path("id").asText()));
        results.forEach(r -> assertTrue(r.path("ok").asBoolean()));
        String generated = results.get(4).path("id").asText();
        assertTrue(generated.matches("c[0-9a-z]{24}"), generated);
        assertEquals("{\"_id\":\"3001\",\"v\":2}", server.get(db + "/3001").text());
        server.get(db + "/3003").assertError(404);
        assertEquals("generated", server.get(db + "/" + generated).json().path("v").asText());
        assertEquals("{\"_id\":\"3005\",\"_deleted\":false}", server.get(db + "/3005").text());
        assertEquals(4, ids(server.get(db)).size());
        assertEquals("{\"ok\":true,\"results\":[]}", server.post(db + "/_bulk", "[]").text());
    }

    @Test
    void bulkRejectsBadBatchesBeforeWriting() {
        String db = newDb();
        assertEquals("Invalid Arguments 'docs': Expected array, received object.",
                server.post(db + "/_bulk", "{\"docs\":[]}").assertError(422).msg());
        server.post(db + "/_bulk", "[{\"_id\":\"a\",\"v\":1},{\"_id\":7,\"v\":2}]").assertError(422);
        server.post(db + "/_bulk", "[{\"_id\":\"a\",\"v\":1},5]").assertError(422);
        server.post(db + "/_bulk", "[{\"_id\":\"a\",\"v\":1},{\"_id\":\"b\",\"$inc\":{\"v\":1}}]").assertError(400);
        assertEquals(0, ids(server.get(db)).size());
    }
}
