package hyper.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child processes with their output in a file, so that a failing assertion can show it. */
final class Processes {

    private Processes() {}

    /** A finished command: exit code and combined output. */
    record Result(int exit, String output) {}

    static Process start(Path workDir, Map<String, String> env, Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    static Result run(Path workDir, Map<String, String> env, List<String> command) throws Exception {
        Path log = Files.createTempFile("hyper-run", ".log");
        try {
            Process process = start(workDir, env, log, command);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
