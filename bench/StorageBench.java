import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Storage throughput over loopback: uploads (raw POST streamed from a file) and downloads (GET streamed to a
 * file) of 1 KiB, 1 MiB and 100 MiB objects, beside a plain copy of the same file on the same disk (the
 * ceiling: read the bytes, write a new file) and a copy that also flushes to disk before renaming into
 * place (what a durable, atomic write costs, which is what the server does on upload).
 *
 * <p>Usage: {@code java StorageBench.java <base url> <scratch dir>}. Prints a Markdown table of medians.
 */
public class StorageBench {

    record Size(String label, int bytes, int runs, int warmUps) {}

    static final List<Size> SIZES = List.of(
            new Size("1 KiB", 1024, 300, 200),
            new Size("1 MiB", 1024 * 1024, 40, 40),
            new Size("100 MiB", 100 * 1024 * 1024, 5, 2));

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path scratch = Path.of(args[1]);
        HttpClient client = HttpClient.newHttpClient();
        check(client.send(HttpRequest.newBuilder(URI.create(base + "/storage/bench"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 201);

        System.out.println("| size | runs | upload MB/s | download MB/s | plain copy MB/s | copy+fsync+rename MB/s"
                + " | upload / copy | download / copy | upload / copy+fsync |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Size size : SIZES) {
            Path source = scratch.resolve("source-" + size.bytes());
            byte[] bytes = new byte[size.bytes()];
            new Random(size.bytes()).nextBytes(bytes);
            Files.write(source, bytes);
            URI object = URI.create(base + "/storage/bench/object-" + size.bytes() + ".bin");
            Path target = scratch.resolve("target-" + size.bytes());
            Path temp = scratch.resolve("temp-" + size.bytes());

            double[] upload = new double[size.runs()];
            double[] download = new double[size.runs()];
            double[] copy = new double[size.runs()];
            double[] durable = new double[size.runs()];
            warmUp(client, object, source, target, size.warmUps());
            for (int i = 0; i < size.runs(); i++) {
                long t0 = System.nanoTime();
                check(client.send(HttpRequest.newBuilder(object).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(source)).build(),
                        HttpResponse.BodyHandlers.ofString()), 201);
                long t1 = System.nanoTime();
                check(client.send(HttpRequest.newBuilder(object).build(), HttpResponse.BodyHandlers.ofFile(target)), 200);
                long t2 = System.nanoTime();
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                long t3 = System.nanoTime();
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(false);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                long t4 = System.nanoTime();
                upload[i] = mbPerSecond(size.bytes(), t1 - t0);
                download[i] = mbPerSecond(size.bytes(), t2 - t1);
                copy[i] = mbPerSecond(size.bytes(), t3 - t2);
                durable[i] = mbPerSecond(size.bytes(), t4 - t3);
            }
            if (Files.size(target) != size.bytes()) {
                throw new IllegalStateException("download of " + size.label() + " has the wrong size");
            }
            double up = median(upload);
            double down = median(download);
            double plain = median(copy);
            double synced = median(durable);
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f |%n", size.label(),
                    size.runs(), up, down, plain, synced, up / plain, down / plain, up / synced);
            Files.delete(source);
            Files.deleteIfExists(target);
        }
    }

    /** Lets both JVMs compile the paths being measured. */
    static void warmUp(HttpClient client, URI object, Path source, Path target, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            client.send(HttpRequest.newBuilder(object).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(source)).build(), HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(object).build(), HttpResponse.BodyHandlers.ofFile(target));
        }
    }

    static void check(HttpResponse<?> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
