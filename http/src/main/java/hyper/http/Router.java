package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;
import io.helidon.http.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches requests to handlers the way the original's Express routes did: literal segments are
 * case-insensitive, a trailing slash is ignored, path parameters are percent-decoded (so {@code %2F} is
 * a slash inside a parameter) and never span a slash, except a trailing {@code {name*}} parameter, which
 * takes the rest of the path. Routes are tried in registration order; a GET route also answers HEAD.
 */
final class Router {

    /** What a route does with a call. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /** A group of routes, one per service. */
    interface Routes {
        /** The service these routes serve; its name words their errors. Empty for the info routes. */
        Optional<Service> service();

        void register(Router router);
    }

    /**
     * A route that matched, with its decoded parameters, the service it serves and its path template in
     * the OpenAPI form ({@code /data/{db}/{id}}, a rest parameter without its {@code *}).
     */
    record Match(Handler handler, Map<String, String> params, Optional<Service> service, String template) {}

    /** A registered route: its method and its path template as registered ({@code /storage/{bucket}/{path*}}). */
    record Entry(Method method, String pattern) {
        /** The template as OpenAPI writes it: a rest parameter loses its {@code *}. */
        String template() {
            return pattern.replace("*}", "}");
        }
    }

    private record Route(Method method, String[] segments, Handler handler, Optional<Service> service,
            String template) {}

    private final List<Route> routes = new ArrayList<>();
    /** Holds writes to a store back while an export reads it. */
    private final StoreGate gate = new StoreGate();
    /** The service of the routes being registered. */
    private Optional<Service> registering = Optional.empty();

    /** The gate the routes' writes pass and the export closes, store by store. */
    StoreGate gate() {
        return gate;
    }

    Router get(String pattern, Handler handler) {
        return add(Method.GET, pattern, handler);
    }

    Router post(String pattern, Handler handler) {
        return add(Method.POST, pattern, handler);
    }

    Router put(String pattern, Handler handler) {
        return add(Method.PUT, pattern, handler);
    }

    Router delete(String pattern, Handler handler) {
        return add(Method.DELETE, pattern, handler);
    }

    Router add(Method method, String pattern, Handler handler) {
        String[] segments = split(pattern);
        routes.add(new Route(method, segments, handler, registering,
                new Entry(method, "/" + String.join("/", segments)).template()));
        return this;
    }

    /** Every route in matching order, for the OpenAPI document's test and for tools; read-only. */
    List<Entry> entries() {
        return routes.stream()
                .map(r -> new Entry(r.method(), "/" + String.join("/", r.segments())))
                .toList();
    }

    Router register(Routes group) {
        registering = group.service();
        try {
            group.register(this);
        } finally {
            registering = Optional.empty();
        }
        return this;
    }

    /**
     * The first segments of every route, lower case ({@code ""} for {@code /}): a request path starting
     * with one of them is in the nano form, never the cloud form (see {@link CloudPaths}).
     */
    Set<String> topLevelSegments() {
        Set<String> first = new HashSet<>();
        for (Route route : routes) {
            first.add(route.segments().length == 0 ? "" : route.segments()[0].toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(first);
    }

    /** The first route for this method and raw (still percent-encoded) path. */
    Optional<Match> match(Method method, String rawPath) {
        String[] raw = split(rawPath);
        Method wanted = method.equals(Method.HEAD) ? Method.GET : method;
        for (Route route : routes) {
            if (route.method().equals(wanted)) {
                Map<String, String> params = bind(route.segments(), raw);
                if (params != null) {
                    return Optional.of(new Match(route.handler(), params, route.service(), route.template()));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String[] pattern, String[] raw) {
        Map<String, String> params = new HashMap<>(4);
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            boolean rest = p.startsWith("{") && p.endsWith("*}");
            if (rest) {
                if (i >= raw.length) {
                    return null;
                }
                StringBuilder path = new StringBuilder();
                for (int j = i; j < raw.length; j++) {
                    path.append(j > i ? "/" : "").append(decode(raw[j]));
                }
                params.put(p.substring(1, p.length() - 2), path.toString());
                return params;
            }
            if (i >= raw.length) {
                return null;
            }
            if (p.startsWith("{")) {
                if (raw[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), decode(raw[i]));
            } else if (!p.equals(raw[i].toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return pattern.length == raw.length ? params : null;
    }

    /** Path segments without the leading and one trailing slash; "/" has none. */
    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            // URLDecoder would turn '+' into a space; in a path '+' is itself.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HyperException.refused("Failed to decode param '" + segment + "'");
        }
    }
}
