/**
 * The search port on OpenSearch or Elasticsearch ({@code --search-url http(s)://[user:password@]host:port}),
 * spoken over HTTP with the JDK's client and Jackson. Exports nothing: the server finds
 * {@link hyper.search.opensearch.OpenSearchProvider} through {@code provides}.
 */
module hyper.search.opensearch {
    requires hyper.core;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    provides hyper.core.engine.SearchProvider with hyper.search.opensearch.OpenSearchProvider;
}
