import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * The data benchmark: create, get by id and _query on 10,000 documents, over HTTP and straight to the
 * embedded engine with the MongoDB driver, at concurrency 1 and 16. Prints a markdown table.
 *
 * Usage: java -cp 'server/target/libs/*' bench/DataBench.java <http base> <engine connection string>
 */
public class DataBench {

    static final int DOCS = 10_000;
    static final int GETS = 10_000;
    static final int QUERIES = 300;
    /** Matches 1 document in 12 and sorts them, so every query reads all 10,000 documents. */
    static final String FILTER = "{\"type\":\"movie\",\"year\":{\"$gte\":2010}}";
    static final String QUERY = "{\"selector\":" + FILTER + ",\"sort\":[{\"year\":\"DESC\"}],\"limit\":25}";
    static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.mongodb");

    interface Op {
        void run(int i) throws Exception;
    }

    record Result(String op, String via, int concurrency, int count, double medianMs, double p99Ms, double perSecond) {}

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String engine = args[1];
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        List<Result> results = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(engine)) {
            warmUp(base, mongo);
            for (int concurrency : new int[] {1, 16}) {
                String db = base + "/data/bench-c" + concurrency;
                check(send(HttpRequest.newBuilder(URI.create(db)).PUT(HttpRequest.BodyPublishers.noBody())), 201);
                MongoCollection<Document> direct = mongo.getDatabase("hyper").getCollection("bench_direct_c" + concurrency);
                direct.drop();

                results.add(measure("create", "HTTP", concurrency, DOCS, i -> check(send(HttpRequest.newBuilder(URI.create(db))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(doc(i).toJson()))), 201)));
                results.add(measure("create", "driver", concurrency, DOCS, i -> direct.insertOne(doc(i))));

                results.add(measure("get by id", "HTTP", concurrency, GETS, i -> check(send(HttpRequest.newBuilder(
                        URI.create(db + "/" + id(pick(i)))).header("X-HYPER-LEGACY-GET", "false").GET()), 200)));
                results.add(measure("get by id", "driver", concurrency, GETS, i -> {
                    if (direct.find(Filters.eq("_id", id(pick(i)))).first() == null) {
                        throw new IllegalStateException("missing " + id(pick(i)));
                    }
                }));

                Document filter = Document.parse(FILTER);
                results.add(measure("_query (selector+sort, 10k docs)", "HTTP", concurrency, QUERIES, i -> check(send(
                        HttpRequest.newBuilder(URI.create(db + "/_query")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(QUERY))), 200)));
                results.add(measure("_query (selector+sort, 10k docs)", "driver", concurrency, QUERIES, i -> {
                    // the same find command the adapter sends (with skip 0, which mongo-java-server answers faster)
                    if (direct.find(filter).sort(new Document("year", -1)).limit(25).skip(0)
                            .into(new ArrayList<>()).size() != 25) {
                        throw new IllegalStateException("no match");
                    }
                }));
            }
        }
        print(results);
    }

    /** Runs every operation untimed first (in a database of its own), so both paths are measured warm. */
    static void warmUp(String base, MongoClient mongo) throws Exception {
        String db = base + "/data/bench-warm-up";
        check(send(HttpRequest.newBuilder(URI.create(db)).PUT(HttpRequest.BodyPublishers.noBody())), 201);
        MongoCollection<Document> direct = mongo.getDatabase("hyper").getCollection("bench_direct_warm_up");
        direct.drop();
        Document filter = Document.parse(FILTER);
        for (int i = 0; i < 2_000; i++) {
            check(send(HttpRequest.newBuilder(URI.create(db)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(doc(i).toJson()))), 201);
            direct.insertOne(doc(i));
            check(send(HttpRequest.newBuilder(URI.create(db + "/" + id(i))).GET()), 200);
            direct.find(Filters.eq("_id", id(i))).first();
            if (i % 20 == 0) {
                check(send(HttpRequest.newBuilder(URI.create(db + "/_query")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(QUERY))), 200);
                direct.find(filter).sort(new Document("year", -1)).limit(25).skip(0).into(new ArrayList<>());
            }
        }
    }

    static Document doc(int i) {
        return new Document("_id", id(i)).append("type", "movie").append("title", "Title " + i)
                .append("year", 1900 + i % 120).append("group", i % 20).append("score", i % 1000)
                .append("tags", List.of("t" + i % 7, "t" + i % 11));
    }

    static String id(int i) {
        return String.format("doc-%05d", i);
    }

    /** A spread of ids, the same sequence for every run. */
    static int pick(int i) {
        return (int) ((i * 7919L) % DOCS);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    /** Runs op(0..count-1) on {@code concurrency} threads; each call is timed. */
    static Result measure(String op, String via, int concurrency, int count, Op body) throws Exception {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        body.run(i);
                        nanos[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        Result r = new Result(op, via, concurrency, count, nanos[count / 2] / 1e6, nanos[(int) (count * 0.99)] / 1e6,
                count / seconds);
        System.err.printf(Locale.ROOT, "%-28s %-6s c=%-2d median %.3f ms, %.0f/s%n", op, via, concurrency, r.medianMs(), r.perSecond());
        return r;
    }

    static void print(List<Result> results) {
        System.out.println("| operation | concurrency | HTTP median ms | HTTP p99 ms | HTTP ops/s | driver median ms | driver ops/s | median ratio HTTP/driver | throughput ratio driver/HTTP |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < results.size(); i += 2) {
            Result http = results.get(i);
            Result driver = results.get(i + 1);
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.0f | %.3f | %.0f | %.2f | %.2f |%n", http.op(),
                    http.concurrency(), http.medianMs(), http.p99Ms(), http.perSecond(), driver.medianMs(),
                    driver.perSecond(), http.medianMs() / driver.medianMs(), driver.perSecond() / http.perSecond());
        }
    }
}
