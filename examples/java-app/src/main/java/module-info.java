/** An example service on the hyper client: a movie catalogue with a queue webhook. */
module example.movies {
    requires hyper.client;
    requires jdk.httpserver;
    requires com.fasterxml.jackson.annotation;

    // Jackson reads and writes the records of this package: open it to Jackson alone
    opens example.movies to com.fasterxml.jackson.databind;
}
