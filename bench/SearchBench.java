import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.search.IndexFields;
import hyper.core.search.SearchQuery;
import hyper.search.LuceneSearch;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The search benchmark: bulk indexing, query latency over HTTP and in-process, and the cost of durability
 * (a commit per write against group commit). Started by bench/search.sh; prints Markdown tables.
 *
 * <p>Usage: java -cp 'server/target/libs/*' bench/SearchBench.java [documents]
 */
public class SearchBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String[] CATEGORIES = {"news", "sport", "music", "film", "travel", "food", "science", "games"};
    static final int BATCH = 1_000;
    static final int QUERY_ROUNDS_1 = 1_000;
    static final int QUERY_ROUNDS_16 = 2_400;
    static final int WARMUP = 300;

    public static void main(String[] args) throws Exception {
        int docCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Random random = new Random(42);
        List<String> vocabulary = vocabulary(random, 5_000);
        List<Map<String, Object>> docs = documents(random, vocabulary, docCount);
        List<Map<String, Object>> queries = queries(random, vocabulary);

        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        System.out.printf("corpus: %,d documents of 3-6 words from %,d generated words; %d queries "
                + "(two words, a 5-letter prefix, a one-letter typo, a word with a filter)%n%n",
                docCount, vocabulary.size(), queries.size());

        Path data = Files.createTempDirectory("search-bench");
        temporary.add(data);
        Map<String, double[]> http = new LinkedHashMap<>();
        Map<String, double[]> local = new LinkedHashMap<>();
        double httpBulk;
        double localBulk;
        double[] httpAdds;
        double meanHits;
        Process server = startServer(data);
        try {
            String base = "http://127.0.0.1:" + port;
            call(base, "PUT", "/search/bench", "{\"fields\":[\"title\",\"category\"],\"storeFields\":[\"title\",\"category\"]}", 201);
            long start = System.nanoTime();
            for (int i = 0; i < docs.size(); i += BATCH) {
                call(base, "POST", "/search/bench/_bulk", JSON.writeValueAsString(docs.subList(i, Math.min(docs.size(), i + BATCH))), 201);
            }
            httpBulk = docs.size() / seconds(start);
            List<String> bodies = queries.stream().map(SearchBench::json).toList();
            meanHits = bodies.stream().mapToInt(b -> hits(call(base, "POST", "/search/bench/_query", b, 200))).average().orElse(0);

            // The same index opened in-process from a copy, so that HTTP and in-process rounds can alternate
            // and share the machine's noise. The copy replays the server's log like a crash image would.
            Path copy = Files.createTempDirectory("search-bench-copy");
            temporary.add(copy);
            awaitCheckpoint(data.resolve("search"));
            copyTree(data.resolve("search"), copy);
            try (LuceneSearch search = new LuceneSearch(copy)) {
                List<SearchQuery> parsed = queries.stream().map(SearchBench::searchQuery).toList();
                Function<Integer, Runnable> httpQuery = i -> () -> call(base, "POST", "/search/bench/_query", bodies.get(i % bodies.size()), 200);
                Function<Integer, Runnable> localQuery = i -> () -> search.query("bench", parsed.get(i % parsed.size()));
                run(1, WARMUP, httpQuery);
                run(1, WARMUP, localQuery);
                for (int threads : new int[] {1, 16}) {
                    int rounds = 5;
                    int perRound = (threads == 1 ? QUERY_ROUNDS_1 : QUERY_ROUNDS_16) / rounds;
                    List<double[]> h = new ArrayList<>();
                    List<double[]> l = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        h.add(run(threads, perRound, httpQuery));
                        l.add(run(threads, perRound, localQuery));
                    }
                    http.put(String.valueOf(threads), medianOf(h));
                    local.put(String.valueOf(threads), medianOf(l));
                }
                search.createIndex("bulk", new IndexFields(List.of("title", "category"), List.of("title", "category")));
                start = System.nanoTime();
                for (int i = 0; i < docs.size(); i += BATCH) {
                    search.load("bulk", docs.subList(i, Math.min(docs.size(), i + BATCH)));
                }
                localBulk = docs.size() / seconds(start);
            }
            call(base, "PUT", "/search/adds", "{\"fields\":[\"title\"]}", 201);
            AtomicInteger next = new AtomicInteger();
            Function<Integer, Runnable> add = i -> () -> call(base, "POST", "/search/adds",
                    "{\"key\":\"k" + next.incrementAndGet() + "\",\"doc\":{\"title\":\"single document\"}}", 201);
            run(4, 200, add); // warm-up
            httpAdds = new double[] {throughput(1, 2_000, add), throughput(16, 8_000, add)};
        } finally {
            server.destroy();
            server.waitFor();
        }

        // Durability modes in-process: one warm-up pass each, then 5 short rounds alternating the modes
        // (medians), so that the noise of a shared machine spreads over all of them.
        Map<String, List<double[]>> rounds = new LinkedHashMap<>();
        for (int round = -1; round < 5; round++) {
            for (LuceneSearch.Durability mode : LuceneSearch.Durability.values()) {
                Path dir = Files.createTempDirectory("search-bench-commit");
                temporary.add(dir);
                try (LuceneSearch search = new LuceneSearch(dir, mode)) {
                    search.createIndex("adds", new IndexFields(List.of("title"), List.of()));
                    AtomicInteger next = new AtomicInteger();
                    Function<Integer, Runnable> add = i -> () -> search.add("adds", "k" + next.incrementAndGet(),
                            Map.of("title", "single document"));
                    double[] measured = {run(1, 400, add, 2)[2], run(16, 1_600, add, 2)[2]};
                    if (round >= 0) {
                        rounds.computeIfAbsent(mode.name(), k -> new ArrayList<>()).add(measured);
                    }
                }
            }
        }
        Map<String, double[]> commits = new LinkedHashMap<>();
        rounds.forEach((mode, measured) -> commits.put(mode, medianOf(measured)));

        for (Path p : temporary) {
            deleteTree(p);
        }
        System.out.println("| bulk index (batches of 1,000) | documents/s |");
        System.out.println("| --- | ---: |");
        System.out.printf("| HTTP `_bulk` | %,.0f |%n", httpBulk);
        System.out.printf("| in-process `LuceneSearch.load` | %,.0f |%n", localBulk);
        System.out.printf("| ratio HTTP / in-process | %.2f |%n%n", httpBulk / localBulk);

        System.out.printf("Query latency (5 alternating rounds each, medians of the rounds), %.0f matches per query on average (every match is returned):%n%n", meanHits);
        System.out.println("| concurrency | HTTP median ms | HTTP p99 ms | HTTP q/s | in-process median ms | in-process p99 ms | in-process q/s | median ratio | q/s ratio |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String c : http.keySet()) {
            double[] h = http.get(c);
            double[] l = local.get(c);
            System.out.printf("| %s | %.2f | %.2f | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f |%n", c, h[0], h[1], h[2], l[0], l[1], l[2], h[0] / l[0], h[2] / l[2]);
        }
        System.out.println();
        System.out.println("| single-document adds (durable before the answer) | concurrency 1, docs/s | concurrency 16, docs/s |");
        System.out.println("| --- | ---: | ---: |");
        for (var e : commits.entrySet()) {
            System.out.printf("| in-process, %s | %,.0f | %,.0f |%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        System.out.printf("| HTTP (server default, WRITE_AHEAD_LOG) | %,.0f | %,.0f |%n", httpAdds[0], httpAdds[1]);
    }

    static final List<Path> temporary = new ArrayList<>();

    static void deleteTree(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
    }

    // ---- workload ----

    static List<String> vocabulary(Random random, int size) {
        String[] consonants = "b c d f g h k l m n p r s t v z".split(" ");
        String[] vowels = "a e i o u".split(" ");
        var words = new java.util.LinkedHashSet<String>();
        while (words.size() < size) {
            StringBuilder w = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                w.append(consonants[random.nextInt(consonants.length)]).append(vowels[random.nextInt(vowels.length)]);
            }
            words.add(w.toString());
        }
        return List.copyOf(words);
    }

    static List<Map<String, Object>> documents(Random random, List<String> vocabulary, int count) {
        List<Map<String, Object>> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] title = new String[3 + random.nextInt(4)];
            Arrays.setAll(title, n -> vocabulary.get(random.nextInt(vocabulary.size())));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", "d" + i);
            doc.put("title", String.join(" ", title));
            doc.put("category", CATEGORIES[random.nextInt(CATEGORIES.length)]);
            docs.add(doc);
        }
        return docs;
    }

    static List<Map<String, Object>> queries(Random random, List<String> vocabulary) {
        List<Map<String, Object>> queries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String a = pick(random, vocabulary);
            String b = pick(random, vocabulary);
            String c = pick(random, vocabulary);
            String d = pick(random, vocabulary);
            queries.add(Map.of("query", a + " " + b));
            queries.add(Map.of("query", c.substring(0, Math.min(5, c.length()))));
            char[] typo = d.toCharArray();
            int at = 1 + random.nextInt(typo.length - 1);
            typo[at] = typo[at] == 'x' ? 'y' : 'x';
            queries.add(Map.of("query", new String(typo)));
            queries.add(Map.of("query", pick(random, vocabulary), "filter", Map.of("category", CATEGORIES[i % CATEGORIES.length])));
        }
        return queries;
    }

    static String pick(Random random, List<String> vocabulary) {
        return vocabulary.get(random.nextInt(vocabulary.size()));
    }

    @SuppressWarnings("unchecked")
    static SearchQuery searchQuery(Map<String, Object> q) {
        return new SearchQuery((String) q.get("query"), Optional.empty(),
                (Map<String, Object>) q.getOrDefault("filter", Map.of()));
    }

    // ---- measuring ----

    /** Runs {@code total} tasks on {@code threads} threads; median and p99 latency in ms, and tasks/s. */
    static double[] run(int threads, int total, Function<Integer, Runnable> task) throws Exception {
        return run(threads, total, task, 60);
    }

    /** As above, but stops starting tasks after {@code maxSeconds} (slow durable writes on a busy disk). */
    static double[] run(int threads, int total, Function<Integer, Runnable> task, int maxSeconds) throws Exception {
        long[] latencies = new long[total];
        Arrays.fill(latencies, Long.MAX_VALUE);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + maxSeconds * 1_000_000_000L;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        task.apply(i).run();
                        latencies[i] = System.nanoTime() - t0;
                        completed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        double elapsed = seconds(start);
        int done = completed.get();
        Arrays.sort(latencies); // tasks never started sort last, as MAX_VALUE
        return new double[] {latencies[done / 2] / 1e6, latencies[Math.max(0, (int) Math.ceil(done * 0.99) - 1)] / 1e6, done / elapsed};
    }

    /** Tasks per second, over at most {@code total} tasks or 8 seconds. */
    static double throughput(int threads, int total, Function<Integer, Runnable> task) throws Exception {
        return run(threads, total, task, 8)[2];
    }

    /** Per column, the median of the rounds. */
    static double[] medianOf(List<double[]> rounds) {
        double[] out = new double[rounds.getFirst().length];
        for (int c = 0; c < out.length; c++) {
            int col = c;
            double[] values = rounds.stream().mapToDouble(r -> r[col]).sorted().toArray();
            out[c] = values[values.length / 2];
        }
        return out;
    }

    /** Waits until the server has folded its logs into a Lucene commit, after which its files stay still. */
    static void awaitCheckpoint(Path root) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var files = Files.walk(root)) {
                List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith("wal-")).toList();
                long bytes = 0;
                for (Path log : logs) {
                    bytes += Files.size(log);
                }
                if (bytes == 0 && logs.size() == 1) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no checkpoint within 30 s");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("write.lock")) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ---- the server ----

    static int port;

    static Process startServer(Path data) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("scripts/run-server.sh", "server/target/libs",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--dir", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process server = pb.start();
        for (int i = 0; i < 300; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                Thread.sleep(100); // not listening yet
            }
        }
        server.destroy();
        throw new IllegalStateException("the server did not start");
    }

    static String call(String base, String method, String path, String body, int expected) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int hits(String body) {
        try {
            return JSON.readTree(body).path("matches").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
