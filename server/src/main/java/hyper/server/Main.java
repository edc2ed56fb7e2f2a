package hyper.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.LogManager;

/** The {@code hyper-nano} command: parse flags, start, log where things are, stop cleanly on a signal. */
public final class Main {

    /** The version of this build, as the pom gives it (the one place it is written). */
    public static final String VERSION = readVersion();

    /** How long a stop during start-up waits for the start to finish before the JVM ends anyway. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    /** Set by the shutdown hook; a start that finishes after it says nothing more. */
    private static volatile boolean stopping;

    private Main() {}

    private static String readVersion() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            var properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        Cli.Command command = Cli.parse(args, System.getenv());
        switch (command) {
            case Cli.Help h -> System.out.print(Cli.HELP);
            case Cli.Version v -> System.out.println("hyper-nano " + VERSION);
            case Cli.Invalid invalid -> {
                System.out.println("[ERROR] " + invalid.message());
                System.exit(invalid.exitCode());
            }
            case Cli.Run run -> serve(run);
            case Cli.Offline offline -> {
                offline.warnings().forEach(w -> System.out.println("[WARN] " + w));
                System.exit(SnapshotCommand.run(offline, System.out));
            }
        }
    }

    private static void serve(Cli.Run run) throws InterruptedException {
        long started = System.nanoTime();
        run.warnings().forEach(w -> System.out.println("[WARN] " + w));
        ServerOptions options = run.options();
        System.out.println("[INFO] storing hyper service data in " + options.dataDir().toAbsolutePath().normalize());
        boolean training = TrainingRun.requested(System.getenv());
        // Registered before the engines open: a stop that arrives during start-up (docker stop right after
        // docker run) waits for the start to finish and then closes the stores, instead of leaving them open.
        CompletableFuture<HyperNano> running = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(running, stopped), "hyper-shutdown");
        if (!training) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        System.out.println("[INFO] starting hyper nano");
        if (options.experimental() && !options.bootstrap().isEmpty()) {
            System.out.println("[WARN] Using experimental features. These features can change at any time.");
        }
        HyperNano hyper;
        try {
            hyper = HyperNano.start(options);
        } catch (RuntimeException e) {
            running.completeExceptionally(e);
            System.out.println("[ERROR] cannot start: " + e.getMessage());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException underWay) {
                // a stop is under way already: the hook sees the failure and returns
            }
            System.exit(1);
            return;
        }
        running.complete(hyper);
        if (stopping) {
            stopped.await();
            return;
        }
        hyper.bootstrapLog().forEach(System.out::println);
        String scheme = hyper.url().getScheme();
        String alsoHttps = hyper.httpsUrl().filter(https -> !scheme.equals("https"))
                .map(https -> " and https://" + options.host() + ":" + https.getPort()).orElse("");
        System.out.printf("[INFO] hyper nano %s listening on %s://%s:%d%s (services: %s) in %d ms%n", VERSION,
                scheme, options.host(), hyper.port(), alsoHttps, String.join(", ", hyper.services()),
                (System.nanoTime() - started) / 1_000_000);
        String credentials = options.security().authSecret().isPresent()
                ? options.security().authSub().orElse("<sub>") + ":<secret>@" : "";
        System.out.println("[INFO] connect with hyper-connect: " + hyper.url().getScheme() + "://" + credentials
                + hyper.url().getAuthority() + "/" + options.domain());
        if (isLoopback(options.host())) {
            System.out.println("[INFO] reachable from this machine only; --host=0.0.0.0 opens it to the network");
        }
        System.out.println("[INFO] auth: " + options.security().authSecret()
                .map(secret -> "on, every route but GET / and GET /health needs a bearer token (HS256 JWT"
                        + options.security().authSub().map(sub -> ", sub " + sub).orElse("") + ")")
                .orElse("off, anyone who reaches the port may use every service; --auth-secret turns it on"));
        hyper.httpsUrl().ifPresent(https -> printTls(hyper, https, credentials));
        System.out.println("[INFO] browser pages allowed: " + (options.corsOrigins().isEmpty()
                ? "this machine's (localhost); --cors-origins=<origin,...> adds others"
                : "this machine's and " + String.join(", ", options.corsOrigins())));
        if (training) {
            train(hyper);
            return;
        }
        stopped.await();
    }

    /** The shutdown hook (SIGTERM, Ctrl-C): closes the server once its start has finished. */
    private static void stop(CompletableFuture<HyperNano> running, CountDownLatch stopped) {
        stopping = true;
        System.out.println("[INFO] stopping hyper nano");
        try {
            HyperNano hyper = running.get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
            try {
                hyper.close();
                hyper.options().exportOnExit().ifPresent(file -> System.out.println("[INFO] wrote the snapshot " + file));
            } catch (RuntimeException e) {
                System.out.println("[ERROR] " + e.getMessage());
            }
        } catch (ExecutionException failed) {
            // the start failed and has closed what it had opened
        } catch (TimeoutException e) {
            System.out.println("[WARN] start-up did not finish within " + START_WAIT.toSeconds()
                    + " s; stopping without closing the stores");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** How clients reach HTTPS, and for a self-signed certificate how they trust it. */
    private static void printTls(HyperNano hyper, java.net.URI https, String credentials) {
        System.out.println("[INFO] cloud form over HTTPS: connect('cloud://" + (credentials.isEmpty() ? "" : credentials)
                + https.getAuthority() + "/<app>') reaches " + https + "/<app>/<service>/default");
        hyper.trustFiles().ifPresentOrElse(trust -> {
            System.out.println("[INFO] TLS certificate for localhost, 127.0.0.1 and ::1 from a local certificate "
                    + "authority of this data directory" + (trust.madeNow() ? ", made now" : "")
                    + "; clients trust it with:");
            System.out.println("[INFO]   Node.js (hyper-connect): NODE_EXTRA_CA_CERTS=" + trust.caPem().toAbsolutePath());
            System.out.println("[INFO]   curl: curl --cacert " + trust.caPem().toAbsolutePath() + " " + https + "/health");
            System.out.println("[INFO]   Java: -Djavax.net.ssl.trustStore=" + trust.truststore().toAbsolutePath()
                    + " -Djavax.net.ssl.trustStorePassword=" + TlsMaterial.TRUSTSTORE_PASSWORD);
        }, () -> System.out.println("[INFO] TLS certificate from "
                + hyper.options().security().tls().flatMap(TlsOptions::certificate).map(String::valueOf).orElse("")));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** Runs the AOT training workload, then stops; the JVM writes its AOT cache on exit. */
    private static void train(HyperNano hyper) {
        try {
            TrainingRun.exercise(hyper);
        } catch (IOException | InterruptedException e) {
            System.out.println("[WARN] training run incomplete: " + e);
        } finally {
            hyper.close();
        }
        System.out.println("[INFO] training run done");
        System.exit(0);
    }

    /** One line per record on stderr; Helidon's own chatter only from WARNING up. */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("[WARN] cannot read logging configuration: " + e.getMessage());
        }
    }
}
