package hyper.search.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.engine.EngineSettings;
import hyper.core.search.IndexFields;
import hyper.core.search.IndexName;
import hyper.core.search.SearchPort;
import hyper.core.search.SearchQuery;
import hyper.testing.OpenSearchServer;
import hyper.testing.Poll;
import hyper.testing.Ports;
import hyper.testing.SearchPortContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenSearch adapter on a real OpenSearch started for this JVM: the search port's contract, then what
 * is particular to this engine (names on the engine, keyword filters, folding and typos through the
 * engine's analyzer, start-up checks, a lost and regained engine).
 */
class OpenSearchSearchTest extends SearchPortContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Map<Path, String> PREFIX_OF_DIR = new ConcurrentHashMap<>();
    private static final IndexFields TITLES = new IndexFields(List.of("title", "plot"), List.of("title", "year", "type"));

    static OpenSearchServer engine;

    @BeforeAll
    static void startEngine() {
        engine = OpenSearchServer.shared();
    }

    /** Drops the case's indexes, so that the engine's restart has only a few to recover. */
    @AfterEach
    void dropIndexes() throws Exception {
        String prefix = PREFIX_OF_DIR.get(dir);
        if (prefix != null && engine.isRunning()) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                http.send(HttpRequest.newBuilder(URI.create(engine.url() + "/" + prefix + "-*")).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    /** Each case has a prefix of its own on the one engine, so cases see only their own indexes. */
    @Override
    protected SearchPort openPort(Path dir) {
        return open(engine.url(), PREFIX_OF_DIR.computeIfAbsent(dir, d -> "t" + PREFIXES.incrementAndGet()));
    }

    private static SearchPort open(String url, String prefix) {
        return new OpenSearchProvider().open(new EngineSettings(URI.create(url), Path.of("unused"),
                Clock.systemUTC(), prefix, Duration.ofSeconds(10)));
    }

    private static String engineGet(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(engine.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void anIndexIsNamedPrefixDashEncodedNameOnTheEngine() throws Exception {
        port.createIndex(IndexName.of("Films-2024"), TITLES);
        String prefix = PREFIX_OF_DIR.get(dir);
        String indexes = engineGet("/_cat/indices/" + prefix + "-*?h=index");
        assertEquals(prefix + "-_46ilms_2d2024", indexes.strip(), "upper case and '-' are encoded");
        String aliases = engineGet("/_cat/aliases/" + prefix + "-*?h=alias");
        assertEquals(prefix + "-_46ilms_2d2024.write", aliases.strip());
    }

    @Test
    void aFilterMatchesAKeywordExactlyNotItsWords() {
        IndexName shows = IndexName.of("shows");
        port.createIndex(shows, new IndexFields(List.of("title"), List.of("genre", "rating")));
        port.add(shows, "a", doc("title", "Twin Peaks", "genre", "Science Fiction", "rating", 8.8));
        port.add(shows, "b", doc("title", "Twin Town", "genre", "science fiction", "rating", 7));
        port.add(shows, "c", doc("title", "Twin Stars", "genre", "Science", "rating", 7.0));
        assertEquals(List.of("a"), ids(port.query(shows, filtered("twin", Map.of("genre", "Science Fiction")))));
        assertEquals(List.of("b"), ids(port.query(shows, filtered("twin", Map.of("genre", "science fiction")))));
        assertEquals(List.of("c"), ids(port.query(shows, filtered("twin", Map.of("genre", "Science")))),
                "one word of a value is not the value");
        assertEquals(List.of(), ids(port.query(shows, filtered("twin", Map.of("genre", "Fiction")))));
        assertEquals(Set.of("b", "c"), Set.copyOf(ids(port.query(shows, filtered("twin", Map.of("rating", 7))))),
                "7 and 7.0 are the same number");
        assertEquals(List.of(), ids(port.query(shows, filtered("twin", Map.of("rating", "7")))));
    }

    private static SearchQuery filtered(String text, Map<String, Object> filter) {
        return new SearchQuery(text, Optional.empty(), filter);
    }

    @Test
    void accentsAndCaseFoldAndSmallTyposMatch() {
        IndexName films = IndexName.of("folding");
        port.createIndex(films, new IndexFields(List.of("title"), List.of("title")));
        port.add(films, "amelie", doc("title", "Amélie Poulain"));
        port.add(films, "leon", doc("title", "LÉON: The Professional"));
        port.add(films, "strasse", doc("title", "Die Straße"));
        port.add(films, "godfather", doc("title", "The Godfather"));
        assertEquals(List.of("amelie"), ids(port.query(films, text("AMELIE"))));
        assertEquals(List.of("leon"), ids(port.query(films, text("léon"))));
        assertEquals(List.of("strasse"), ids(port.query(films, text("strasse"))));
        assertEquals(List.of("godfather"), ids(port.query(films, text("godfahter"))), "a transposition is one typo");
        assertEquals(List.of("godfather"), ids(port.query(films, text("godf"))), "the last term is a prefix");
        assertEquals(List.of("amelie"), ids(port.query(films, text("leo poulain"))), "an earlier term is no prefix");
        Map<String, Object> hit = port.query(films, text("Amelei")).getFirst();
        assertEquals(List.of("amelie"), hit.get("terms"));
        assertEquals(List.of("amelei"), hit.get("queryTerms"));
        assertEquals(Map.of("amelie", List.of("title")), hit.get("match"));
    }

    @Test
    void exactMatchesComeBeforeTyposAndCompletions() {
        IndexName films = IndexName.of("ranked");
        port.createIndex(films, new IndexFields(List.of("title"), List.of()));
        port.add(films, "aliens", doc("title", "Aliens"));
        port.add(films, "alien", doc("title", "Alien"));
        port.add(films, "alienist", doc("title", "The Alienist"));
        assertEquals("alien", ids(port.query(films, text("alien"))).getFirst());
        assertEquals(Set.of("alien", "aliens", "alienist"), Set.copyOf(ids(port.query(films, text("alien")))));
    }

    @Test
    void longKeysAndAwkwardKeysAreKeptApart() {
        IndexName films = IndexName.of("keys");
        port.createIndex(films, TITLES);
        String longKey = "k".repeat(600);
        for (String key : List.of(longKey, longKey + "x", "#hash", "a/b?c", "..", "ünï ~")) {
            port.add(films, key, doc("title", "title of " + key.length()));
            assertEquals(key, port.get(films, key).get("_id"));
        }
        assertThrows(HyperException.class, () -> port.add(films, longKey, doc("title", "again")));
        assertEquals(6, port.documents(films, "", 10).size());
    }

    @Test
    void aDocumentComesBackWithItsKeysInTheirOrderAndItsNumbersAsWritten() {
        IndexName films = IndexName.of("order");
        port.createIndex(films, new IndexFields(List.of("title"), List.of("zeta", "alpha", "title")));
        Map<String, Object> doc = doc("zeta", 1, "title", "Order", "alpha", 12345678901234L, "mid", 0.1,
                "nested", doc("z", 1, "a", 2));
        port.add(films, "k", doc);
        List<String> written = List.of("_id", "zeta", "title", "alpha", "mid", "nested");
        assertEquals(written, List.copyOf(port.get(films, "k").keySet()));
        assertEquals(written, List.copyOf(port.documents(films, "", 1).getFirst().keySet()));
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) port.get(films, "k").get("nested")).keySet()));
        assertEquals(12345678901234L, port.get(films, "k").get("alpha"));
        assertEquals(List.of("id", "score", "terms", "queryTerms", "match", "zeta", "alpha", "title"),
                List.copyOf(port.query(films, text("order")).getFirst().keySet()));
    }

    @Test
    void aWrongUrlStopsTheOpenWithOneClearLine() {
        int closed = Ports.free();
        HyperException unreachable = assertThrows(HyperException.class,
                () -> open("http://app:secret@127.0.0.1:" + closed, "x"));
        assertEquals(Fact.ENGINE_UNAVAILABLE, unreachable.fact());
        assertTrue(unreachable.getMessage().startsWith("cannot reach the search engine at http://127.0.0.1:" + closed),
                unreachable.getMessage());
        assertTrue(!unreachable.getMessage().contains("secret"), unreachable.getMessage());
        IllegalArgumentException notTheEngine = assertThrows(IllegalArgumentException.class,
                () -> open(engine.url() + "/_cluster/health", "x"));
        assertTrue(notTheEngine.getMessage().contains("does not look like OpenSearch"), notTheEngine.getMessage());
    }

    @Test
    void aLostEngineIsUnavailableUntilItIsBackWithEveryAcknowledgedWrite() {
        IndexName films = films();
        port.load(films, List.of(doc("id", "marnie", "title", "Marnie")));
        engine.stop();
        try {
            for (Runnable call : List.<Runnable>of(() -> port.get(films, "vertigo"),
                    () -> port.query(films, text("vertigo")), () -> port.add(films, "x", doc("title", "x")),
                    () -> port.createIndex(IndexName.of("other"), TITLES), port::listStores)) {
                HyperException e = assertThrows(HyperException.class, call::run);
                assertEquals(Fact.ENGINE_UNAVAILABLE, e.fact(), e::getMessage);
            }
        } finally {
            engine.restart();
        }
        Poll.until(Duration.ofSeconds(60), () -> {
            try {
                return port.query(films, text("marnie")).size() == 1;
            } catch (HyperException e) {
                return false; // shards still recovering
            }
        }, "the same port answers again");
        assertEquals("Vertigo", port.get(films, "vertigo").get("title"));
        port.add(films, "x", doc("title", "Xanadu"));
        assertEquals(List.of("x"), ids(port.query(films, text("xanadu"))));
    }
}
