package hyper.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import hyper.core.engine.EngineSettings;
import hyper.core.engine.SearchProvider;
import hyper.core.search.SearchPort;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search on an OpenSearch or Elasticsearch cluster ({@code --search-url http(s)://[user:password@]host:port},
 * the user and password sent as HTTP basic authentication). Opening calls the cluster's root, which checks the
 * connection, the credentials and the version, so that a wrong URL stops the server before it answers.
 */
public final class OpenSearchProvider implements SearchProvider {

    /** The oldest OpenSearch served. */
    static final int OLDEST_OPENSEARCH = 2;
    /** The oldest Elasticsearch served: 7.10 brought {@code require_alias}, on which writes rely. */
    static final int[] OLDEST_ELASTICSEARCH = {7, 10};

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]*");

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public SearchPort open(EngineSettings settings) {
        String prefix = settings.prefix().isEmpty() ? "hyper" : settings.prefix();
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the prefix must be lower-case letters, digits or '-' for OpenSearch: " + prefix);
        }
        OpenSearchClient engine = new OpenSearchClient(settings.url(), settings.queryTimeout().plusSeconds(5));
        try {
            OpenSearchClient.Reply root = engine.send("GET", "/", null);
            if (root.status() == 401 || root.status() == 403) {
                throw new IllegalArgumentException("the search engine at " + engine.where()
                        + " refused hyper-nano's credentials (HTTP " + root.status() + ")");
            }
            if (!root.ok()) {
                throw new IllegalArgumentException("the search engine at " + engine.where() + " answered HTTP "
                        + root.status() + " instead of its version");
            }
            checkVersion(engine.where(), root.body());
            return new OpenSearchSearch(engine, prefix);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static void checkVersion(String where, JsonNode root) {
        JsonNode version = root.path("version");
        Matcher number = VERSION.matcher(version.path("number").asText(""));
        if (!number.find()) {
            throw new IllegalArgumentException("the search engine at " + where
                    + " does not look like OpenSearch or Elasticsearch (no version.number at /)");
        }
        int major = Integer.parseInt(number.group(1));
        int minor = Integer.parseInt(number.group(2));
        boolean openSearch = version.path("distribution").asText("").equals("opensearch");
        if (openSearch && major < OLDEST_OPENSEARCH) {
            throw new IllegalArgumentException("the search engine at " + where + " is OpenSearch " + number.group()
                    + "; hyper-nano needs OpenSearch " + OLDEST_OPENSEARCH + " or later");
        }
        if (!openSearch && (major < OLDEST_ELASTICSEARCH[0]
                || major == OLDEST_ELASTICSEARCH[0] && minor < OLDEST_ELASTICSEARCH[1])) {
            throw new IllegalArgumentException("the search engine at " + where + " is Elasticsearch " + number.group()
                    + "; hyper-nano needs OpenSearch 2 or Elasticsearch 7.10 or later");
        }
    }
}
