package hyper.data;

import de.bwaldvogel.mongo.MongoServer;
import hyper.core.HyperException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * mongo-java-server running inside this JVM on a free loopback port, keeping every database in one H2
 * MVStore file. The adapter reaches it through the MongoDB driver like any other MongoDB, so the embedded
 * and the external engine share one code path.
 */
final class EmbeddedMongo implements AutoCloseable {

    private final ReopeningBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(ReopeningBackend backend, MongoServer server, InetSocketAddress address) {
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    /** Opens (or creates) {@code dir/mongo.mv.db} and starts serving it on 127.0.0.1. */
    static EmbeddedMongo start(Path dir) {
        ReopeningBackend backend;
        try {
            Files.createDirectories(dir);
            backend = new ReopeningBackend(dir.resolve("mongo.mv.db"));
        } catch (IOException | RuntimeException e) {
            throw HyperException.failed("cannot open the data store in " + dir + ": " + e.getMessage(), e);
        }
        try {
            MongoServer server = new MongoServer(backend);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            return new EmbeddedMongo(backend, server, server.getLocalAddress());
        } catch (RuntimeException e) {
            backend.close();
            throw HyperException.failed("cannot start the embedded data engine: " + e.getMessage(), e);
        }
    }

    /** {@code mongodb://127.0.0.1:<port>}. */
    String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /**
     * Stops the running queries, stops listening, then closes the backend, which commits and closes the
     * MVStore file. The server's shutdown waits for its event-loop threads, which run the queries.
     */
    @Override
    public void close() {
        backend.stopQueries();
        try {
            server.shutdownNow();
        } finally {
            backend.close();
        }
    }
}
