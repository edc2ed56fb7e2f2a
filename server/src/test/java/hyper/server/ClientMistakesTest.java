package hyper.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.testing.Http;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed requests found by an adversarial pass: each answers a 4xx envelope (never a 500, a path or a
 * class name) and changes nothing stored.
 */
class ClientMistakesTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static void assertClean(Http.Reply reply) {
        String msg = reply.json().path("msg").asText();
        assertFalse(msg.contains("Exception") || msg.contains(server.dir().toString()) || msg.contains("hyper.")
                || msg.contains("java.") || msg.contains("jackson"), msg);
    }

    @Test
    void aQueryParameterWithoutEqualsIsAnEmptyValue() {
        server.put("/cache/noeq").assertOk(201);
        server.get("/cache/noeq/_query?pattern").assertOk(200);
        server.put("/data/noeq").assertOk(201);
        server.get("/data/noeq?limit").assertOk(200);
    }

    @Test
    void anUnparsableContentTypeIsNoFailure() {
        server.put("/cache/ctype").assertOk(201);
        server.post("/cache/ctype", "{\"key\":\"a\",\"value\":{\"n\":1}}".getBytes(), ";;;===;").assertOk(201);
    }

    @Test
    void aNulInAFieldNameIs400AndStoresNothing() {
        server.put("/data/nul").assertOk(201);
        String nulDoc = "{\"_id\":\"n1\",\"a\\u0000b\":1}";
        for (Http.Reply reply : new Http.Reply[] {
                server.post("/data/nul", nulDoc),
                server.put("/data/nul/n1", nulDoc),
                server.post("/data/nul/_bulk", "[" + nulDoc + "]"),
                server.post("/data/nul/_query", "{\"selector\":{\"a\\u0000b\":1}}")}) {
            assertEquals("field names cannot contain a NUL character", reply.assertError(400).msg());
        }
        server.get("/data/nul/n1").assertError(404);
    }

    @Test
    void bodiesNestedDeeperThan100LevelsAreRefusedAndTheStoreStaysUp() {
        server.put("/data/deep").assertOk(201);
        String deep = "{\"_id\":\"deep\",\"a\":" + "{\"a\":".repeat(400) + "1" + "}".repeat(400) + "}";
        assertEquals("invalid JSON: nested deeper than 100 levels", server.post("/data/deep", deep).assertError(400).msg());
        String arrays = "{\"_id\":\"deep2\",\"a\":" + "[".repeat(400) + "]".repeat(400) + "}";
        server.post("/data/deep", arrays).assertError(400);
        server.post("/data/deep", "{\"_id\":\"after\"}").assertOk(201);
        String fine = "{\"_id\":\"ok\",\"a\":" + "{\"a\":".repeat(90) + "1" + "}".repeat(90) + "}";
        server.post("/data/deep", fine).assertOk(201);
    }

    @Test
    void numbersBeyondADoubleAndLoneSurrogatesAreRefused() {
        server.put("/data/values").assertOk(201);
        assertTrue(server.post("/data/values", "{\"_id\":\"inf\",\"n\":1e400}").assertError(400).msg()
                .contains("too large"));
        assertTrue(server.post("/data/values", "{\"_id\":\"s\",\"s\":\"\\ud800\"}").assertError(400).msg()
                .contains("surrogate"));
        server.post("/data/values", "{\"_id\":\"pair\",\"s\":\"\\ud83d\\ude00\",\"n\":1e300}").assertOk(201);
        assertEquals("\uD83D\uDE00", server.get("/data/values/pair").json().path("s").asText());
    }

    @Test
    void aSearchQueryWithTooManyTermsIs400() {
        server.put("/search/long", "{\"fields\":[\"title\",\"body\"],\"storeFields\":[\"title\"]}").assertOk(201);
        String words = IntStream.range(0, 1100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        var reply = server.post("/search/long/_query", "{\"query\":\"" + words + "\"}").assertError(400);
        assertTrue(reply.msg().startsWith("the query is too long"), reply.msg());
        assertClean(reply);
    }

    @Test
    void aTtlTooLongIs422AndTheStoredValueSurvives() {
        server.put("/cache/ttl").assertOk(201);
        server.post("/cache/ttl", "{\"key\":\"k\",\"value\":{\"n\":1}}").assertOk(201);
        server.put("/cache/ttl/k?ttl=300000000y", "{\"n\":2}").assertError(422);
        server.post("/cache/ttl", "{\"key\":\"j\",\"value\":{\"n\":1},\"ttl\":\"300000000y\"}").assertError(422);
        server.post("/cache/ttl", "{\"key\":\"i\",\"value\":{\"n\":1},\"ttl\":1e30}").assertError(422);
        assertEquals(1, server.get("/cache/ttl/k").json().path("n").asInt());
        server.get("/cache/ttl/j").assertError(404);
    }

    @Test
    void aQueueTargetOnAnImpossiblePortIs422() {
        assertEquals(422, server.put("/queue/badport", "{\"target\":\"http://localhost:99999/hook\"}").status());
        assertEquals(201, server.put("/queue/badport", "{\"target\":\"http://localhost:9999/hook\"}").status(),
                "nothing was created by the refused request");
    }

    @Test
    void aMethodTokenWithANulIsABadRequest() {
        String reply = server.raw("GE\u0000T / HTTP/1.1\r\nHost: localhost");
        assertTrue(reply.startsWith("HTTP/1.1 4"), reply);
    }

    /** Chunk extensions and trailers are valid HTTP that Helidon's decoder cannot read; bad sizes are not. */
    @Test
    void aChunkedBodyTheServerCannotDecodeIs400AndStoresNothing() {
        server.put("/cache/chunks").assertOk(201);
        server.put("/storage/chunks").assertOk(201);
        String value = "{\"key\":\"k\",\"value\":{\"n\":1}}";
        String size = Integer.toHexString(value.length());
        for (String body : List.of(
                size + ";name=value\r\n" + value + "\r\n0\r\n\r\n",
                size + "\r\n" + value + "\r\n0\r\nX-Trailer: 1\r\n\r\n",
                "zz\r\n" + value + "\r\n0\r\n\r\n",
                "ffffffffffffffffff\r\n" + value + "\r\n0\r\n\r\n")) {
            String reply = server.raw("POST /cache/chunks HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked", body);
            assertTrue(reply.startsWith("HTTP/1.1 400") && reply.contains("{\"ok\":false,\"status\":400,"), reply);
            String upload = server.raw("POST /storage/chunks/a.txt HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain\r\nTransfer-Encoding: chunked", body);
            assertTrue(upload.startsWith("HTTP/1.1 400"), upload);
        }
        server.get("/cache/chunks/k").assertStatus(404);
        server.get("/storage/chunks/a.txt").assertStatus(404);
        String plain = server.raw("POST /cache/chunks HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", size + "\r\n" + value + "\r\n0\r\n\r\n");
        assertTrue(plain.startsWith("HTTP/1.1 201"), plain);
    }

    @Test
    void anUnknownRouteUnderAnObjectIsNoFailure() {
        server.put("/storage/files").assertOk(201);
        server.post("/storage/files/file.txt", "hello".getBytes(), "text/plain").assertOk(201);
        var reply = server.delete("/storage/files/file.txt/x");
        assertEquals("object does not exist", reply.assertError(404).msg());
        assertClean(reply);
        assertEquals("hello", server.get("/storage/files/file.txt").text());
    }

    // Found by the route fuzzer (RouteFuzzTest):

    @Test
    void dataAfterTheJsonValueIs400WithoutTheParsersClassNames() {
        server.put("/cache/trailing").assertOk(201);
        var reply = server.post("/cache/trailing", "{\"key\":\"a\",\"value\":{}}{}").assertError(400);
        assertEquals("invalid JSON: unexpected data after the JSON value (line 1, column 23)", reply.msg());
        server.get("/cache/trailing/a").assertError(404);
    }

    @Test
    void parserMessagesKeepTheirReasonWithoutTheParsersSettings() {
        server.put("/cache/hints").assertOk(201);
        for (String[] body : new String[][] {
                {"{\"a\":+1}", "invalid JSON: Unexpected character ('+' (code 43)) in numeric value: JSON spec does not"
                        + " allow numbers to have plus signs (line 1, column 7)"},
                {"{\"a\":NaN}", "invalid JSON: Non-standard token 'NaN' (line 1, column 9)"},
                {"/* c */{}", "invalid JSON: Unexpected character ('/' (code 47)): maybe a (non-standard) comment?"
                        + " (line 1, column 1)"},
                {"{\"a\":{", "invalid JSON: Unexpected end-of-input: expected close marker for Object"
                        + " (line 1, column 7)"}}) {
            var reply = server.post("/cache/hints", body[0]).assertError(400);
            assertEquals(body[1], reply.msg());
            assertFalse(reply.msg().contains("Feature") || reply.msg().contains("`"), reply.msg());
        }
    }

    @Test
    void anOperandTheDataEngineCannotEvaluateIs400WithoutJavasWords() {
        server.put("/data/operands").assertOk(201);
        server.post("/data/operands", "{\"_id\":\"a\",\"n\":4,\"tags\":[\"x\"]}").assertOk(201);
        for (String selector : new String[] {"{\"tags\":{\"$in\":1}}", "{\"tags\":{\"$nin\":1.5}}",
                "{\"n\":{\"$mod\":[0,0]}}", "{\"n\":{\"$mod\":[\"a\",1]}}", "{\"n\":{\"$mod\":1}}"}) {
            var reply = server.post("/data/operands/_query", "{\"selector\":" + selector + "}").assertError(400);
            assertTrue(reply.msg().startsWith("the data engine cannot evaluate this request"), reply.msg());
            assertClean(reply);
        }
    }

    @Test
    void anIndexMongoDbWouldRefuseIs400AndLeavesTheDatabaseUsable() {
        server.put("/data/partial").assertOk(201);
        server.post("/data/partial", "{\"_id\":\"a\",\"n\":1}").assertOk(201);
        assertEquals("partialFilter does not support $where", server.post("/data/partial/_index",
                "{\"name\":\"p\",\"fields\":[\"n\"],\"partialFilter\":{\"$where\":[{}]}}").assertError(400).msg());
        assertEquals("partialFilter $in needs an array (on n)", server.post("/data/partial/_index",
                "{\"name\":\"q\",\"fields\":[\"n\"],\"partialFilter\":{\"n\":{\"$in\":\"*\"}}}").assertError(400).msg());
        assertEquals("partialFilter $and needs an array of filters", server.post("/data/partial/_index",
                "{\"name\":\"r\",\"fields\":[\"n\"],\"partialFilter\":{\"$and\":[1]}}").assertError(400).msg());
        assertEquals("partialFilter $or needs an array of filters", server.post("/data/partial/_index",
                "{\"name\":\"s\",\"fields\":[\"n\"],\"partialFilter\":{\"$or\":[1]}}").assertError(400).msg());
        assertEquals("index key field names cannot start with '$': $n", server.post("/data/partial/_index",
                "{\"name\":\"t\",\"fields\":[\"$n\"]}").assertError(400).msg());
        server.post("/data/partial", "{\"_id\":\"b\",\"n\":2}").assertOk(201);
        server.delete("/data/partial").assertOk(200);
        server.get("/data/partial").assertError(404);
    }

    @Test
    void aFormUploadUnderAnObjectIs409AndKeepsTheObject() {
        server.put("/storage/clash").assertOk(201);
        server.post("/storage/clash/known.txt", "kept".getBytes(), "text/plain").assertOk(201);
        String form = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\n"
                + "new\r\n--b--\r\n";
        var reply = server.post("/storage/clash/known.txt/x", form.getBytes(), "multipart/form-data; boundary=b");
        assertEquals("cannot store 'known.txt/x/f.txt': a folder on its path is an object",
                reply.assertError(409).msg());
        assertEquals("kept", server.get("/storage/clash/known.txt").text());
    }

    @Test
    void rangeNumbersBeyondALongMeanToTheEnd() {
        server.put("/storage/ranges").assertOk(201);
        server.post("/storage/ranges/f.txt", "hello world".getBytes(), "text/plain").assertOk(201);
        var whole = server.get("/storage/ranges/f.txt", java.util.Map.of("Range", "bytes=0-99999999999999999999"));
        assertEquals(206, whole.status());
        assertEquals("hello world", new String(whole.bytes()));
        var tail = server.get("/storage/ranges/f.txt", java.util.Map.of("Range", "bytes=-99999999999999999999"));
        assertEquals(206, tail.status());
        assertEquals(416, server.get("/storage/ranges/f.txt",
                java.util.Map.of("Range", "bytes=99999999999999999999-")).status());
    }

    @Test
    void objectAndFolderNamesThatClashAre409AndLeaveNoFolders() throws Exception {
        server.put("/storage/clashes").assertOk(201);
        server.post("/storage/clashes/file.txt", "x".getBytes(), "text/plain").assertOk(201);
        server.post("/storage/clashes/dir/inner.txt", "y".getBytes(), "text/plain").assertOk(201);

        var below = server.post("/storage/clashes/file.txt/a/b/c/d.txt", "z".getBytes(), "text/plain");
        assertEquals(409, below.status());
        assertClean(below);
        var onFolder = server.post("/storage/clashes/dir", "z".getBytes(), "text/plain");
        assertEquals(409, onFolder.status());
        assertClean(onFolder);
        var notEmpty = server.delete("/storage/clashes/dir");
        assertEquals(409, notEmpty.status());
        assertClean(notEmpty);
        assertEquals(404, server.delete("/storage/clashes/file.txt/x").status());

        java.nio.file.Path bucket = server.dir().resolve("storage").resolve("clashes");
        try (var entries = java.nio.file.Files.walk(bucket)) {
            assertEquals(java.util.Set.of("clashes", "file.txt", "dir", "inner.txt"), entries
                    .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".hyper-"))
                    .collect(Collectors.toSet()), "no folder left by the refused uploads");
        }
        assertEquals("x", new String(server.get("/storage/clashes/file.txt").bytes()));
        assertEquals("y", new String(server.get("/storage/clashes/dir/inner.txt").bytes()));
    }
}
