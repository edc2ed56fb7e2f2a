package example.movies;

import com.sun.net.httpserver.HttpServer;
import hyper.client.Hyper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * Starts the poster worker and fills the catalogue with one movie.
 * <pre>
 *   HYPER=http://127.0.0.1:6363/movies  WEBHOOK_PORT=8080  POSTER_SECRET=...  java -m example.movies/example.movies.App
 * </pre>
 */
public final class App {

    private App() {}

    public static void main(String[] args) throws IOException {
        String connection = System.getenv().getOrDefault("HYPER", "http://127.0.0.1:6363/movies");
        int port = Integer.parseInt(System.getenv().getOrDefault("WEBHOOK_PORT", "8080"));
        String secret = System.getenv().getOrDefault("POSTER_SECRET", "change-me");

        Hyper hyper = Hyper.connect(connection);
        HttpServer webhook = start(hyper, secret, port);
        MovieCatalogue catalogue = new MovieCatalogue(hyper);
        catalogue.createStores();
        catalogue.createPosterQueue("http://127.0.0.1:" + webhook.getAddress().getPort() + "/posters", secret);
        if (catalogue.find("dune-1984").isEmpty()) {
            catalogue.add(new Movie("dune-1984", "Dune", 1984, "science fiction"));
        }
        System.out.println("catalogue on " + hyper.connection() + ", poster worker on port "
                + webhook.getAddress().getPort() + "; poster job " + catalogue.requestPoster("dune-1984"));
    }

    /** The poster worker on {@code port} (0: a free one), one virtual thread per delivery. */
    public static HttpServer start(Hyper hyper, String secret, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/posters", new PosterWebhook(hyper, secret));
        server.start();
        return server;
    }
}
