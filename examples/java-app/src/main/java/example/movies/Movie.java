package example.movies;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A movie. In the data service its id is the document's {@code _id}; a search hit names it {@code id}.
 *
 * @param id lower-case, letters first ({@code dune-1984}): it is also part of a cache key
 * @param title the title
 * @param year the year it came out
 * @param genre its genre
 */
public record Movie(@JsonProperty("_id") @JsonAlias("id") String id, String title, int year, String genre) {}
