package hyper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one launcher of child processes in the test suites: a command, or a Java main on a class path in a
 * JVM of its own, with its output (stdout and stderr together) in a file that a failing assertion can show.
 * A test stops it the hard way ({@link #kill9}, no shutdown hook runs) or the clean way ({@link #stop},
 * SIGTERM); {@link #close} kills what still runs and deletes the output file.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long {@link #run} waits for a command to finish. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    /** A finished command: exit code and combined output. */
    public record Result(int exit, String output) {}

    private final List<String> command;
    private final Process process;
    private final Path output;

    private ChildProcess(List<String> command, Process process, Path output) {
        this.command = command;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to this process's environment; its
     * output goes to a temporary file.
     */
    public static ChildProcess start(Path workDir, Map<String, String> env, List<String> command) {
        try {
            Path output = Files.createTempFile("hyper-child", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(env);
            return new ChildProcess(List.copyOf(command), builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Starts {@code mainClass} in a new JVM of the running JDK, with {@code jvmOptions} (such as
     * {@code -Xmx128m}), {@code classPath} (the tests' own is {@code System.getProperty("java.class.path")})
     * and {@code args}, in the current directory.
     */
    public static ChildProcess java(List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return start(null, Map.of(), command);
    }

    /** Runs {@code command} to its end (at most {@link #RUN_TIMEOUT}); returns its exit code and output. */
    public static Result run(Path workDir, Map<String, String> env, List<String> command) {
        try (ChildProcess child = start(workDir, env, command)) {
            int exit = child.waitFor(RUN_TIMEOUT);
            return new Result(exit, child.output());
        }
    }

    /** The output so far. */
    public String output() {
        return read(output);
    }

    /** The text of {@code file}, or a line saying why there is none (for diagnostics). */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Polls the output until {@code pattern} is found in it; returns the match. Fails, showing the output, if
     * the process exits first or after {@code timeout}.
     */
    public Matcher awaitOutput(Pattern pattern, Duration timeout) {
        AtomicReference<Matcher> found = new AtomicReference<>();
        try {
            Poll.until(timeout, () -> {
                Matcher m = pattern.matcher(output());
                if (m.find()) {
                    found.set(m);
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + " before printing " + pattern);
                }
                return false;
            }, pattern + " in the output");
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(command + ": " + e.getMessage() + ":\n" + output(), e);
        }
        return found.get();
    }

    /** Waits for the process to end; returns its exit code. Fails, killing it, after {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the child. Returns the exit code. */
    public int kill9() {
        process.destroyForcibly();
        return waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, then waits up to {@code timeout} for the child to end. Returns the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** Kills the process if it still runs and deletes its output file. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a leftover file in the temp dir is harmless
        }
    }
}
