package example.movies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.Hyper;
import hyper.client.HyperResultException;
import hyper.junit.HyperNanoTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalogue against a real hyper-nano: one per test class, emptied and seeded again before each test. */
@HyperNanoTest(domain = "movies", reset = true, seed = "/movies.json")
class MovieCatalogueTest {

    private final Hyper hyper;
    private final MovieCatalogue catalogue;

    MovieCatalogueTest(Hyper hyper) {
        this.hyper = hyper;
        this.catalogue = new MovieCatalogue(hyper);
    }

    @BeforeEach
    void stores() {
        catalogue.createStores();
    }

    @Test
    void findsASeededMovieAndCachesIt() {
        assertEquals(Optional.of(new Movie("alien-1979", "Alien", 1979, "horror")), catalogue.find("alien-1979"));
        assertEquals("Alien", hyper.cache().get(MovieCatalogue.cacheKey("alien-1979"), Movie.class).doc().title());
    }

    @Test
    void readsTheCacheFirst() {
        catalogue.find("heat-1995");
        hyper.data().remove("heat-1995").orThrow();
        assertEquals("Heat", catalogue.find("heat-1995").orElseThrow().title(), "still cached");
    }

    @Test
    void anUnknownMovieIsEmpty() {
        assertEquals(Optional.empty(), catalogue.find("nothing-0000"));
    }

    @Test
    void addedMoviesCanBeFoundAndSearched() {
        catalogue.add(new Movie("dune-1984", "Dune", 1984, "science fiction"));
        assertEquals(1984, catalogue.find("dune-1984").orElseThrow().year());
        assertEquals(List.of(new Movie("dune-1984", "Dune", 1984, "science fiction")), catalogue.search("dune"));
        assertEquals("heat-1995", catalogue.search("crime").getFirst().id());
    }

    @Test
    void addingATakenIdFails() {
        HyperResultException e = assertThrows(HyperResultException.class,
                () -> catalogue.add(new Movie("alien-1979", "Alien", 1979, "horror")));
        assertEquals(409, e.status());
    }

    @Test
    void eachTestStartsFromTheSeedAlone() {
        assertTrue(catalogue.find("dune-1984").isEmpty(), "added by another test, gone after the reset");
    }
}
