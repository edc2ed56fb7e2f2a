package hyper.http;

import hyper.core.HyperException;
import hyper.core.Service;
import hyper.core.Services;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP face of hyper-nano on Helidon: one Helidon handler that dispatches through {@link Router},
 * adds the original's CORS and security headers, answers preflights, and turns every failure into the
 * error envelope. This is the one place where a {@link HyperException.Reason} becomes a status (and
 * {@link Messages} words the message).
 */
public final class HttpApi {

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private static final HeaderName REQUEST_HEADERS = HeaderNames.create("Access-Control-Request-Headers");
    private static final HeaderName REQUEST_PRIVATE_NETWORK =
            HeaderNames.create("Access-Control-Request-Private-Network");
    private static final HeaderName ALLOW_PRIVATE_NETWORK = HeaderNames.create("Access-Control-Allow-Private-Network");

    private final CompletableFuture<Routes> routes;
    private final CorsPolicy cors;
    private final ApiAccess access;
    private final Telemetry telemetry;

    /**
     * The API over the ports in {@code services}, which completes once every service is open (and
     * bootstrapped); requests that come earlier wait for it, and fail with a 500 if opening failed.
     */
    public HttpApi(CompletableFuture<Services> services, CorsPolicy cors) {
        this(services, cors, ApiAccess.open());
    }

    /** As {@link #HttpApi(CompletableFuture, CorsPolicy)}, with who may use it. */
    public HttpApi(CompletableFuture<Services> services, CorsPolicy cors, ApiAccess access) {
        this(services, cors, access, Telemetry.none());
    }

    /** As {@link #HttpApi(CompletableFuture, CorsPolicy, ApiAccess)}, telling {@code telemetry} of every request. */
    public HttpApi(CompletableFuture<Services> services, CorsPolicy cors, ApiAccess access, Telemetry telemetry) {
        RecentRequests recent = new RecentRequests(RecentRequests.DEFAULT_CAPACITY, Clock.systemUTC());
        this.routes = services.thenApply(s -> routes(s, access, telemetry, recent)).thenApply(Routes::new);
        this.cors = cors;
        this.access = access;
        this.telemetry = recent.around(telemetry);
    }

    /** Every route of the API, in matching order. */
    static Router routes(Services services, ApiAccess access, Telemetry telemetry) {
        return routes(services, access, telemetry, new RecentRequests(1, Clock.systemUTC()));
    }

    /** Every route of the API, in matching order; the request log reads {@code recent}. */
    static Router routes(Services services, ApiAccess access, Telemetry telemetry, RecentRequests recent) {
        Router router = new Router()
                .register(new InfoRoutes(telemetry))
                .register(new ConsoleRoutes())
                .register(new CacheRoutes(services.cache()))
                .register(new DataRoutes(services.data()))
                .register(new StorageRoutes(services.storage(), access.signedUrls(), access.trustProxy()))
                .register(new SearchRoutes(services.search()))
                .register(new QueueRoutes(services.queue()));
        new AdminRoutes(services, recent, router.gate()).groups().forEach(router::register);
        return router;
    }

    /** The routes, and the two URL forms they are reached by. */
    private record Routes(Router router, CloudPaths paths) {
        Routes(Router router) {
            this(router, new CloudPaths(router.topLevelSegments()));
        }
    }

    /** Registers the API as the only handler of {@code routing}. */
    public void routing(HttpRouting.Builder routing) {
        routing.route(method -> true, PathMatchers.any(), this::handle);
        routing.error(Throwable.class, (req, res, e) -> fail(res, e, Optional.empty()));
    }

    /** Answers requests that fail before routing (bad request line, bad headers) with the envelope too. */
    public static DirectHandlers directHandlers() {
        DirectHandler envelope = (request, type, status, headers, message) -> {
            if (status.code() >= 500) {
                // Only requests Helidon could not parse get here (our routing has its own error handler):
                // a prologue it trips over (a NUL in the method, say) is the client's mistake.
                status = Status.BAD_REQUEST_400;
                message = "malformed request";
            }
            int code = status.code();
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .header(HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE)
                    .entity(Json.write(Json.error(code, message == null || message.isBlank()
                            ? status.reasonPhrase() : message)))
                    .build();
        };
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, envelope);
        }
        return builder.build();
    }

    /**
     * The whole answer to a connection beyond the server's cap of {@code cap} served connections, written
     * on its socket before anything is parsed or routed: 503 with the envelope, try again in a second, and
     * the connection ends.
     */
    public static byte[] tooManyConnections(int cap) {
        byte[] body = Json.write(Json.error(503, Messages.tooManyConnections(cap)));
        StringBuilder head = new StringBuilder("HTTP/1.1 503 Service Unavailable\r\n");
        COMMON_HEADERS.forEach(h -> head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        head.append("Content-Type: ").append(Json.CONTENT_TYPE).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Retry-After: 1\r\n")
                .append("Connection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] answer = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        return answer;
    }

    private void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String route = Exchange.UNMATCHED;
        try {
            route = serve(req, res);
        } finally {
            telemetry.completed(new Exchange(req.prologue().method().text(), req.path().rawPath(), route,
                    res.status().code(), System.nanoTime() - start, res.bytesWritten()));
        }
    }

    /** Answers the request; returns the template of the route that served it, for {@link Exchange#route()}. */
    private String serve(ServerRequest req, ServerResponse res) {
        commonHeaders(res.headers());
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !cors.allows(origin.get())) {
            // Refused before any handler runs: a hostile page must not even cause a write it cannot read.
            sendError(res, 403, "origin not allowed: start hyper-nano with --cors-origins=" + origin.get());
            return Exchange.UNMATCHED;
        }
        res.headers().set(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowOriginHeader(origin));
        if (origin.isPresent()) {
            res.headers().add(HeaderNames.VARY, "Origin");
        }
        Method method = req.prologue().method();
        if (method.equals(Method.OPTIONS)) {
            preflight(req, res);
            return Exchange.PREFLIGHT;
        }
        Optional<Service> service = Optional.empty();
        String route = Exchange.UNMATCHED;
        try {
            Routes api = routes.join();
            CloudPaths.Split path = api.paths().split(req.path().rawPath());
            // A signed URL stands in for the token; it is verified once the route says which object it names.
            boolean signed = SignedUrls.carried(req.query());
            if (!signed && access.auth().isPresent() && !isPublic(method, path.path())
                    && !access.auth().get().accepts(req.headers().first(HeaderNames.AUTHORIZATION))) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                sendError(res, 401, NOT_AUTHORIZED);
                return templateOf(api.router(), method, path.path());
            }
            Optional<Router.Match> match = api.router().match(method, path.path());
            if (match.isEmpty()) {
                sendError(res, 404, "not found!");
                return Exchange.UNMATCHED;
            }
            service = match.get().service();
            route = match.get().template();
            if (signed) {
                Optional<String> refusal = signedUrlRefusal(req, method, match.get());
                if (refusal.isPresent()) {
                    sendError(res, 403, refusal.get());
                    return route;
                }
            }
            api.router().gate().handle(method, match.get(), new Call(req, res, match.get().params(), path, signed));
        } catch (Exception e) {
            fail(res, e, service);
        }
        return route;
    }

    /** The template of the route a refused request was for (its metrics label), without running it. */
    private static String templateOf(Router router, Method method, String path) {
        try {
            return router.match(method, path).map(Router.Match::template).orElse(Exchange.UNMATCHED);
        } catch (RuntimeException undecodable) {
            return Exchange.UNMATCHED;
        }
    }

    /** Why a request with signed-URL parameters may not go ahead, if it may not. */
    private Optional<String> signedUrlRefusal(ServerRequest req, Method method, Router.Match match) {
        String bucket = match.params().get("bucket");
        String object = match.params().get("path");
        if (match.service().filter(Service.STORAGE::equals).isEmpty() || bucket == null || object == null) {
            return Optional.of("signed URLs are for storage objects only");
        }
        return access.signedUrls().refusal(method, bucket, object, req.query());
    }

    /** What hyper's auth middleware answers to a request without a valid token. */
    static final String NOT_AUTHORIZED = "not authorized";

    /**
     * Routes that need no token even with auth on: the info document, the health probe, the OpenAPI
     * document and the console's files (GET or HEAD), which say nothing about stored data (the console asks
     * for the token and sends it to the routes that do). Preflights need none either: browsers
     * never send credentials with them. {@code /metrics} does need one: store counts and queue depths
     * are the operator's business.
     */
    private static boolean isPublic(Method method, String path) {
        if (!method.equals(Method.GET) && !method.equals(Method.HEAD)) {
            return false;
        }
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.equals("/") || p.isEmpty() || p.equalsIgnoreCase("/health") || p.equalsIgnoreCase("/openapi.json")
                || p.equalsIgnoreCase(ConsoleRoutes.ROOT) || p.toLowerCase(Locale.ROOT).startsWith(ConsoleRoutes.ROOT + "/");
    }

    private static void preflight(ServerRequest req, ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,HEAD,PUT,PATCH,POST,DELETE");
        req.headers().first(REQUEST_HEADERS).ifPresent(h -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, h));
        // Chrome's Private Network Access: a public page asking to reach this loopback server (allowed
        // origins only reach this line).
        if (req.headers().first(REQUEST_PRIVATE_NETWORK).filter("true"::equalsIgnoreCase).isPresent()) {
            res.header(ALLOW_PRIVATE_NETWORK, "true");
        }
        res.headers().add(HeaderNames.VARY, "Access-Control-Request-Headers");
        res.header(HeaderNames.CONTENT_LENGTH, "0");
        res.send();
    }

    private static void fail(ServerResponse res, Throwable e, Optional<Service> service) {
        if (res.isSent()) {
            LOG.log(Level.WARNING, "request failed after its response was sent", e);
            return;
        }
        if (e instanceof HyperException h) {
            if (h.reason() == HyperException.Reason.INTERNAL) {
                LOG.log(Level.ERROR, h.getMessage(), h.getCause());
            } else if (h.reason() == HyperException.Reason.INSUFFICIENT_STORAGE) {
                LOG.log(Level.WARNING, "the disk is full: " + h.getMessage());
            }
            sendError(res, status(h.reason()), Messages.of(h, service.orElse(null)));
        } else if (e instanceof HttpException http && http.status().code() < 500) {
            // Helidon's own refusal of a malformed request part (a header it cannot parse, say)
            sendError(res, http.status().code(), http.getMessage() == null || http.getMessage().isBlank()
                    ? http.status().reasonPhrase() : http.getMessage());
        } else {
            LOG.log(Level.ERROR, "unexpected failure", e);
            sendError(res, 500, Messages.INTERNAL);
        }
    }

    static int status(HyperException.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case NOT_IMPLEMENTED -> 501;
            // A stopped query is neither the client's mistake (4xx) nor a fault (500): the server declined
            // to spend more time on it, and a later or cheaper request can succeed.
            case UNAVAILABLE -> 503;
            case INSUFFICIENT_STORAGE -> 507;
            case INTERNAL -> 500;
        };
    }

    private static void sendError(ServerResponse res, int status, String msg) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE);
        res.send(Json.write(Json.error(status, msg)));
    }

    /**
     * CORS credentials as the original's {@code cors({credentials:true})} (the allowed origin is set per
     * request by {@link CorsPolicy}), and helmet's default security headers.
     */
    private static final List<Header> COMMON_HEADERS = List.of(
            HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
            HeaderValues.create("Cross-Origin-Opener-Policy", "same-origin"),
            HeaderValues.create("Cross-Origin-Resource-Policy", "same-origin"),
            HeaderValues.create("Origin-Agent-Cluster", "?1"),
            HeaderValues.create("Referrer-Policy", "no-referrer"),
            HeaderValues.create(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff"),
            HeaderValues.create("X-DNS-Prefetch-Control", "off"),
            HeaderValues.create("X-Download-Options", "noopen"),
            HeaderValues.create("X-Frame-Options", "SAMEORIGIN"),
            HeaderValues.create("X-Permitted-Cross-Domain-Policies", "none"),
            HeaderValues.create("X-XSS-Protection", "0"));

    private static void commonHeaders(ServerResponseHeaders headers) {
        COMMON_HEADERS.forEach(headers::set);
    }
}
