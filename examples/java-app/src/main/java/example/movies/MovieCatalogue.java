package example.movies;

import hyper.client.DocResult;
import hyper.client.Hyper;
import hyper.client.HyperResult;
import hyper.client.SearchMatch;
import hyper.client.SearchOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue: movies in the data service, read through the cache, found by the search service;
 * posters are made by a queue worker ({@link PosterWebhook}) and kept in storage.
 */
public final class MovieCatalogue {

    static final Duration CACHED_FOR = Duration.ofMinutes(10);

    private final Hyper hyper;

    public MovieCatalogue(Hyper hyper) {
        this.hyper = hyper;
    }

    /** Creates the stores this catalogue uses; stores that exist already are fine. */
    public void createStores() {
        existing(hyper.data().create());
        existing(hyper.cache().create());
        existing(hyper.storage().create());
        existing(hyper.search().create(List.of("title", "genre"), List.of("title", "year", "genre")));
    }

    /** Makes the queue that sends poster jobs to the worker at {@code webhook}, signed with {@code secret}. */
    public void createPosterQueue(String webhook, String secret) {
        existing(hyper.queue().create(webhook, secret));
    }

    private static void existing(HyperResult created) {
        if (!created.ok() && created.status() != 409) {
            created.orThrow();
        }
    }

    /** Adds a movie (a 409 if its id is taken) and indexes it for search. */
    public void add(Movie movie) {
        hyper.data().add(movie).orThrow();
        hyper.search().add(movie.id(), movie).orThrow();
    }

    /** A movie by id, from the cache when it is there. */
    public Optional<Movie> find(String id) {
        DocResult<Movie> cached = hyper.cache().get(cacheKey(id), Movie.class);
        if (cached.ok()) {
            return Optional.of(cached.doc());
        }
        DocResult<Movie> stored = hyper.data().get(id, Movie.class);
        if (stored.status() == 404) {
            return Optional.empty();
        }
        hyper.cache().set(cacheKey(id), stored.doc(), CACHED_FOR).orThrow();
        return Optional.of(stored.doc());
    }

    /** Movies whose title or genre match, best first. */
    public List<Movie> search(String text) {
        return hyper.search().query(text, SearchOptions.none(), Movie.class).matches().stream()
                .map(SearchMatch::doc).toList();
    }

    /** Asks the worker for a poster; returns the job's id. */
    public long requestPoster(String id) {
        return hyper.queue().enqueue(Map.of("type", "poster", "movie", id)).id();
    }

    /** The poster of a movie, once the worker made it. */
    public Optional<String> poster(String id) {
        try (var download = hyper.storage().download(PosterWebhook.posterName(id))) {
            return download.ok() ? Optional.of(new String(download.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                    : Optional.empty();
        }
    }

    static String cacheKey(String id) {
        return "movie-" + id;
    }
}
