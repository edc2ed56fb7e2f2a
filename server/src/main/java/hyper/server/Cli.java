package hyper.server;

import hyper.core.Service;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code hyper-nano}, parsed once into {@link ServerOptions}. Flags follow the
 * original ({@code --domain}, {@code --experimental}, {@code --data}, {@code --cache}, {@code --storage},
 * {@code --purge[=data,cache]}, env {@code PORT}) plus {@code --port}, {@code --host}, {@code --dir},
 * the engine URLs ({@code --data-url}, {@code --cache-url} ...) and {@code --prefix}, {@code --query-timeout}, {@code --help} and {@code --version}, and the opt-in
 * protections: {@code --auth-secret}, {@code --auth-sub}, {@code --signing-key}, {@code --trust-proxy} and
 * {@code --tls-*}, {@code --log-requests}, and the snapshots of {@code --import} and {@code --export-on-exit}.
 */
final class Cli {

    static final String HELP = """
            Usage: hyper-nano [options]
                   hyper-nano export <file> [--dir=<path>] [engine options]
                   hyper-nano import <file> [--replace] [--dir=<path>] [engine options]

            One local server for data, cache, storage, search and queue behind the hyper API.
            export and import work on the stores of a stopped server: export writes a snapshot of
            every store to <file>; import loads a snapshot or a seed file (docs/admin.md), merging
            it into the stores, or with --replace in place of them all. Checked whole first: a bad
            file names its first mistake and changes nothing.

            Options:
              --port=<n>          port to listen on (env PORT; default 6363)
              --host=<address>    interface to listen on (default 127.0.0.1, this machine only;
                                  0.0.0.0 = all interfaces, as in the image; env HYPER_HOST)
              --dir=<path>        where data is kept (env HYPER_DIR; default ./__hyper__)
              --domain=<name>     name of the stores that bootstrapping creates (default test)
              --experimental      allow bootstrapping with the flags below
              --data              create the data database <domain> at start-up
              --cache             create the cache store <domain> at start-up
              --storage           create the storage bucket <domain> at start-up
              --purge             delete what is being created first (all of it)
              --purge=data,cache  ... only these services
              --data-url=<url>    use this MongoDB (mongodb://...) instead of the embedded engine
                                  (env HYPER_DATA_URL)
              --cache-url=<url>   keep the cache on this Redis: redis://[user:password@]host[:port][/db],
                                  rediss:// for TLS (env HYPER_CACHE_URL; docs/cache.md)
              --search-url=<url>  keep the search indexes on this OpenSearch 2+ (or Elasticsearch 7.10+):
                                  http(s)://[user:password@]host:port (env HYPER_SEARCH_URL;
                                  docs/search.md)
              --queue-url=<url>   keep the queues on this Redis, shared by every server given it:
                                  redis://[user:password@]host[:port][/db][?timeout=30s&lease=10s],
                                  rediss:// for TLS (env HYPER_QUEUE_URL; docs/queue.md)
              --storage-url=<url> keep the buckets on S3: s3://ACCESS:SECRET@host[:port]?region=<r>,
                                  &tls=false for http, &bucket=<name> to use one bucket; no host
                                  = AWS (env HYPER_STORAGE_URL; docs/storage.md)
              --prefix=<name>     put before every name on those engines, so several apps share
                                  them (env HYPER_PREFIX; default hyper)
              --query-timeout=<t> stop a data query that runs longer and answer 503, e.g. 5s, 500ms,
                                  2m; a bare number is seconds (env HYPER_QUERY_TIMEOUT; default 5s)
              --cors-origins=<a,b>
                                  web pages (origins) allowed to call the API from a browser besides
                                  this machine's (localhost, 127.0.0.1, [::1]); * = any page
                                  (env HYPER_CORS_ORIGINS)
              --max-connections=<n>
                                  HTTP connections served at once; more are answered 503
                                  (default: half the open files still free at start, at most
                                  1000)
              --idle-timeout=<t>  close a connection without a new request for this long, also one
                                  still sending its request head (env HYPER_IDLE_TIMEOUT; default 60s)
              --auth-secret=<s>   require a bearer token (JWT, HS256) signed with this secret on every
                                  route but GET / and GET /health (env HYPER_SECRET, which keeps
                                  it out of the process list); hyper-connect signs one when its
                                  connection string has user:secret
              --auth-sub=<name>   ... and whose sub is this name (env HYPER_SUB)
              --signing-key=<k>   key of signed storage URLs, 16 characters at least (env
                                  HYPER_SIGNING_KEY; default: one made once and kept in the
                                  data directory)
              --trust-proxy       take the host of signed URLs from X-Forwarded-Proto and
                                  X-Forwarded-Host (only behind a proxy that sets them)
              --tls-cert=<pem> --tls-key=<pem>
                                  speak HTTPS with this certificate chain and private key
                                  (env HYPER_TLS_CERT, HYPER_TLS_KEY)
              --tls-self-signed   speak HTTPS with a certificate for localhost made once in the
                                  data directory by a local authority; prints how to trust it
              --tls-port=<n>      HTTPS on this port, plain HTTP staying on --port (without it,
                                  --port speaks HTTPS only)
              --log-requests      print one line per request on standard output: time, method,
                                  path, status, duration, bytes (env HYPER_LOG=requests; default off)
              --import=<file>     merge this snapshot (the format of GET /_admin/export) into the
                                  stores at start, before the server answers; a bad file stops
                                  the start and imports nothing (env HYPER_IMPORT)
              --export-on-exit=<file>
                                  on a clean stop (SIGTERM, Ctrl-C) write a snapshot of every
                                  store to this file, replacing it whole (env HYPER_EXPORT_ON_EXIT)
              --help              print this help
              --version           print the version

            Connect with hyper-connect: connect('http://127.0.0.1:6363/<domain>')
            """;

    /** The services bootstrapping can create, by flag name. */
    private static final Map<String, Service> BOOTSTRAPPED = Map.of("data", Service.DATA, "cache", Service.CACHE,
            "storage", Service.STORAGE);
    private static final Set<String> VALUE_FLAGS = Set.of("port", "host", "dir", "domain", "data-url",
            "cache-url", "storage-url", "search-url", "queue-url", "prefix", "cors-origins", "max-connections",
            "idle-timeout", "query-timeout", "auth-secret", "auth-sub", "signing-key", "tls-cert",
            "tls-key", "tls-port", "import", "export-on-exit");
    /** The flags that put a service on an engine of its own. */
    private static final Map<String, Service> ENGINE_URL_FLAGS = Map.of("data-url", Service.DATA, "cache-url",
            Service.CACHE, "storage-url", Service.STORAGE, "search-url", Service.SEARCH, "queue-url", Service.QUEUE);
    private static final String PREFIX_RULE = "must be 1 to 31 lower-case letters, digits or '-'";
    /** A query timeout: a whole number of milliseconds, seconds or minutes; seconds when no unit is given. */
    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|m)?");
    private static final Set<String> BOOLEAN_FLAGS = Set.of("experimental", "data", "cache", "storage", "help",
            "version", "trust-proxy", "tls-self-signed", "log-requests");

    /** What the command line asks for. */
    sealed interface Command {}

    record Run(ServerOptions options, List<String> warnings) implements Command {}

    /** {@code export <file>} or {@code import <file>}: the stores of {@code options}, opened without a server. */
    record Offline(boolean export, Path file, boolean replace, ServerOptions options, List<String> warnings)
            implements Command {}

    record Help() implements Command {}

    record Version() implements Command {}

    /**
     * The command line cannot run: a usage error exits with status 2, as command-line tools do; a missing
     * {@code --experimental} with 1, as the original.
     */
    record Invalid(String message, int exitCode) implements Command {
        static Invalid usage(String message) {
            return new Invalid(message, 2);
        }
    }

    private Cli() {}

    static Command parse(String[] args, Map<String, String> env) {
        if (args.length > 0 && (args[0].equals("export") || args[0].equals("import"))) {
            return offline(args, env);
        }
        return server(args, env);
    }

    private static Command offline(String[] args, Map<String, String> env) {
        boolean export = args[0].equals("export");
        if (args.length < 2 || args[1].startsWith("--") || args[1].isBlank()) {
            return Invalid.usage(args[0] + " needs a file: hyper-nano " + args[0] + " <file> (see --help)");
        }
        List<String> flags = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
        boolean replace = flags.remove("--replace");
        if (replace && export) {
            return Invalid.usage("--replace is for import (see --help)");
        }
        for (String flag : flags) {
            if (flag.startsWith("--import") || flag.startsWith("--export-on-exit")) {
                return Invalid.usage(flag.split("=")[0] + " is for starting the server, not for " + args[0]);
            }
        }
        return switch (server(flags.toArray(String[]::new), env)) {
            case Run run -> new Offline(export, Path.of(args[1]), replace,
                    run.options().toBuilder().importFile(null).exportOnExit(null).build(), run.warnings());
            case Command other -> other;
        };
    }

    private static Command server(String[] args, Map<String, String> env) {
        ServerOptions options = ServerOptions.defaults();
        List<String> warnings = new ArrayList<>();
        Set<Service> bootstrap = new LinkedHashSet<>();
        Optional<Set<Service>> purge = Optional.empty();
        boolean experimental = false;

        String envPort = env.get("PORT");
        if (envPort != null && !envPort.isBlank()) {
            Optional<Integer> port = port(envPort.trim());
            if (port.isEmpty()) {
                return Invalid.usage("PORT is not a port number: " + envPort);
            }
            options = options.withPort(port.get());
        }
        if (env.get("HYPER_DIR") != null && !env.get("HYPER_DIR").isBlank()) {
            options = options.withDataDir(Path.of(env.get("HYPER_DIR")));
        }
        for (Service service : ENGINE_URL_FLAGS.values()) {
            String variable = "HYPER_" + service.name() + "_URL";
            if (env.get(variable) != null && !env.get(variable).isBlank()) {
                Optional<URI> url = engineUrl(env.get(variable).strip());
                if (url.isEmpty()) {
                    return Invalid.usage(variable + " is not a URL such as redis://host:6379: " + env.get(variable));
                }
                options = options.withEngineUrl(service, url.get());
            }
        }
        if (env.get("HYPER_PREFIX") != null && !env.get("HYPER_PREFIX").isBlank()) {
            if (!validPrefix(env.get("HYPER_PREFIX").strip())) {
                return Invalid.usage("HYPER_PREFIX " + PREFIX_RULE + ": " + env.get("HYPER_PREFIX"));
            }
            options = options.toBuilder().prefix(env.get("HYPER_PREFIX").strip()).build();
        }

        if (env.get("HYPER_HOST") != null && !env.get("HYPER_HOST").isBlank()) {
            options = options.withHost(env.get("HYPER_HOST").strip());
        }
        if (env.get("HYPER_CORS_ORIGINS") != null && !env.get("HYPER_CORS_ORIGINS").isBlank()) {
            options = options.withCorsOrigins(origins(env.get("HYPER_CORS_ORIGINS")));
        }
        if (env.get("HYPER_IDLE_TIMEOUT") != null && !env.get("HYPER_IDLE_TIMEOUT").isBlank()) {
            Optional<Duration> timeout = timeout(env.get("HYPER_IDLE_TIMEOUT").strip())
                    .filter(t -> t.compareTo(Duration.ofSeconds(1)) >= 0);
            if (timeout.isEmpty()) {
                return Invalid.usage("HYPER_IDLE_TIMEOUT must be a time from 1s to 24h: "
                        + env.get("HYPER_IDLE_TIMEOUT"));
            }
            options = options.toBuilder().idleTimeout(timeout.get()).build();
        }
        if (env.get("HYPER_QUERY_TIMEOUT") != null && !env.get("HYPER_QUERY_TIMEOUT").isBlank()) {
            Optional<Duration> timeout = timeout(env.get("HYPER_QUERY_TIMEOUT").strip());
            if (timeout.isEmpty()) {
                return Invalid.usage("HYPER_QUERY_TIMEOUT must be a time from 1ms to 24h, such as 5s or 500ms: "
                        + env.get("HYPER_QUERY_TIMEOUT"));
            }
            options = options.withQueryTimeout(timeout.get());
        }

        if (env.get("HYPER_IMPORT") != null && !env.get("HYPER_IMPORT").isBlank()) {
            options = options.toBuilder().importFile(Path.of(env.get("HYPER_IMPORT").strip())).build();
        }
        if (env.get("HYPER_EXPORT_ON_EXIT") != null && !env.get("HYPER_EXPORT_ON_EXIT").isBlank()) {
            options = options.toBuilder().exportOnExit(Path.of(env.get("HYPER_EXPORT_ON_EXIT").strip())).build();
        }

        Optional<String> authSecret = Optional.ofNullable(env.get("HYPER_SECRET")).filter(v -> !v.isEmpty());
        Optional<String> authSub = Optional.ofNullable(env.get("HYPER_SUB")).filter(v -> !v.isEmpty());
        Optional<String> signingKey = Optional.ofNullable(env.get("HYPER_SIGNING_KEY")).filter(v -> !v.isEmpty());
        boolean trustProxy = "true".equalsIgnoreCase(env.getOrDefault("HYPER_TRUST_PROXY", "").strip());
        Optional<Path> tlsCert = Optional.ofNullable(env.get("HYPER_TLS_CERT")).filter(v -> !v.isBlank()).map(Path::of);
        Optional<Path> tlsKey = Optional.ofNullable(env.get("HYPER_TLS_KEY")).filter(v -> !v.isBlank()).map(Path::of);
        boolean tlsSelfSigned = false;
        Optional<Integer> tlsPort = Optional.empty();
        // HYPER_LOG lists what to log, comma-separated; "requests" is the one there is
        boolean logRequests = Arrays.stream(env.getOrDefault("HYPER_LOG", "").split(","))
                .map(String::strip).anyMatch("requests"::equalsIgnoreCase);

        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--")) {
                return Invalid.usage("unexpected argument " + arg + " (see --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (VALUE_FLAGS.contains(name) && value == null) {
                if (i + 1 >= list.size() || list.get(i + 1).startsWith("--")) {
                    return Invalid.usage("--" + name + " needs a value");
                }
                value = list.get(++i);
            }
            switch (name) {
                case "help" -> {
                    return new Help();
                }
                case "version" -> {
                    return new Version();
                }
                case "port" -> {
                    Optional<Integer> port = port(value);
                    if (port.isEmpty()) {
                        return Invalid.usage("--port is not a port number: " + value);
                    }
                    options = options.withPort(port.get());
                }
                case "host" -> options = options.withHost(value);
                case "dir" -> options = options.withDataDir(Path.of(value));
                case "domain" -> options = options.withDomain(value);
                case "data-url", "cache-url", "storage-url", "search-url", "queue-url" -> {
                    Optional<URI> url = engineUrl(value);
                    if (url.isEmpty()) {
                        return Invalid.usage("--" + name + " is not a URL such as redis://host:6379: " + value);
                    }
                    options = options.withEngineUrl(ENGINE_URL_FLAGS.get(name), url.get());
                }
                case "prefix" -> {
                    if (!validPrefix(value)) {
                        return Invalid.usage("--prefix " + PREFIX_RULE + ": " + value);
                    }
                    options = options.toBuilder().prefix(value).build();
                }
                case "cors-origins" -> options = options.withCorsOrigins(origins(value));
                case "max-connections" -> {
                    Optional<Integer> max = count(value);
                    if (max.isEmpty()) {
                        return Invalid.usage("--max-connections is not a count: " + value);
                    }
                    options = options.withMaxConnections(max.get());
                }
                case "idle-timeout" -> {
                    Optional<Duration> timeout = timeout(value).filter(t -> t.compareTo(Duration.ofSeconds(1)) >= 0);
                    if (timeout.isEmpty()) {
                        return Invalid.usage("--idle-timeout must be a time from 1s to 24h, such as 60s or 5m: "
                                + value);
                    }
                    options = options.toBuilder().idleTimeout(timeout.get()).build();
                }
                case "query-timeout" -> {
                    Optional<Duration> timeout = timeout(value);
                    if (timeout.isEmpty()) {
                        return Invalid.usage("--query-timeout must be a time from 1ms to 24h, such as 5s or 500ms: "
                                + value);
                    }
                    options = options.withQueryTimeout(timeout.get());
                }
                case "auth-secret" -> {
                    if (value.isEmpty()) {
                        return Invalid.usage("--auth-secret needs a value");
                    }
                    authSecret = Optional.of(value);
                }
                case "auth-sub" -> {
                    if (value.isEmpty()) {
                        return Invalid.usage("--auth-sub needs a value");
                    }
                    authSub = Optional.of(value);
                }
                case "import", "export-on-exit" -> {
                    if (value.isBlank()) {
                        return Invalid.usage("--" + name + " needs a file");
                    }
                    options = name.equals("import") ? options.toBuilder().importFile(Path.of(value)).build()
                            : options.toBuilder().exportOnExit(Path.of(value)).build();
                }
                case "signing-key" -> signingKey = Optional.of(value);
                case "trust-proxy" -> trustProxy = true;
                case "tls-cert" -> tlsCert = Optional.of(Path.of(value));
                case "tls-key" -> tlsKey = Optional.of(Path.of(value));
                case "tls-self-signed" -> tlsSelfSigned = true;
                case "log-requests" -> logRequests = true;
                case "tls-port" -> {
                    tlsPort = port(value);
                    if (tlsPort.isEmpty()) {
                        return Invalid.usage("--tls-port is not a port number: " + value);
                    }
                }
                case "experimental" -> experimental = true;
                case "data", "cache", "storage" -> bootstrap.add(BOOTSTRAPPED.get(name));
                case "purge" -> purge = Optional.of(value == null || value.isBlank()
                        ? Set.copyOf(BOOTSTRAPPED.values())
                        : Set.copyOf(Arrays.stream(value.split(",")).map(String::trim)
                                .filter(BOOTSTRAPPED::containsKey).map(BOOTSTRAPPED::get).toList()));
                default -> {
                    return Invalid.usage("unknown flag --" + name + " (see --help)");
                }
            }
            if (BOOLEAN_FLAGS.contains(name) && value != null && value.isEmpty()) {
                warnings.add("--" + name + "= has no value; taken as set");
            }
        }

        boolean asksForWork = !bootstrap.isEmpty() || purge.isPresent();
        if (asksForWork && !experimental) {
            return new Invalid("the --experimental flag must be set", 1);
        }
        if (authSub.isPresent() && authSecret.isEmpty()) {
            return Invalid.usage("--auth-sub needs --auth-secret (or HYPER_SECRET)");
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            return Invalid.usage(tlsCert.isPresent() ? "--tls-cert needs --tls-key" : "--tls-key needs --tls-cert");
        }
        if (tlsSelfSigned && tlsCert.isPresent()) {
            return Invalid.usage("--tls-self-signed and --tls-cert exclude each other");
        }
        boolean tls = tlsSelfSigned || tlsCert.isPresent();
        if (tlsPort.isPresent() && !tls) {
            return Invalid.usage("--tls-port needs --tls-cert and --tls-key, or --tls-self-signed");
        }
        if (tlsPort.isPresent() && tlsPort.get() != 0 && tlsPort.get() == options.port()) {
            return Invalid.usage("--tls-port must differ from --port (without --tls-port, --port speaks HTTPS)");
        }
        if (signingKey.isPresent()
                && signingKey.get().getBytes(StandardCharsets.UTF_8).length < SecurityOptions.MIN_SIGNING_KEY_BYTES) {
            return Invalid.usage("--signing-key needs " + SecurityOptions.MIN_SIGNING_KEY_BYTES + " characters at least");
        }
        SecurityOptions security = SecurityOptions.none().withTrustProxy(trustProxy);
        if (authSecret.isPresent()) {
            security = security.withAuth(authSecret.get(), authSub);
        }
        if (signingKey.isPresent()) {
            security = security.withSigningKey(signingKey.get());
        }
        if (tls) {
            TlsOptions tlsOptions = tlsCert.isPresent() ? TlsOptions.pem(tlsCert.get(), tlsKey.get())
                    : TlsOptions.selfSigned();
            security = security.withTls(tlsPort.isPresent() ? tlsOptions.withPort(tlsPort.get()) : tlsOptions);
        }
        Set<Service> purged = new LinkedHashSet<>(purge.orElse(Set.of()));
        purged.retainAll(bootstrap);
        options = options.toBuilder().experimental(experimental).bootstrap(bootstrap).purge(purged)
                .security(security).logRequests(logRequests).build();
        return new Run(options, warnings);
    }

    /** An absolute URL with a scheme, e.g. {@code redis://host:6379}; which schemes serve is decided at start. */
    private static Optional<URI> engineUrl(String text) {
        try {
            URI url = new URI(text.strip());
            return url.getScheme() != null ? Optional.of(url) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean validPrefix(String prefix) {
        try {
            ServerOptions.defaults().toBuilder().prefix(prefix).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> origins(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    private static Optional<Integer> count(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m} or {@code 5} (seconds), from 1 ms to a day. */
    private static Optional<Duration> timeout(String text) {
        Matcher m = TIMEOUT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        Duration timeout = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        return timeout.isZero() || timeout.compareTo(ServerOptions.MAX_QUERY_TIMEOUT) > 0
                ? Optional.empty() : Optional.of(timeout);
    }

    private static Optional<Integer> port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
