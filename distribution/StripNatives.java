import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Deletes, in place, the native libraries a jar carries for other platforms: {@code StripNatives <jar> <os/arch>}
 * keeps {@code org/sqlite/native/<os/arch>/} (e.g. {@code Linux/x86_64}) and removes the other platforms'
 * folders. sqlite-jdbc ships natives for about twenty platforms (12 MB); one is all a Linux image needs.
 */
public class StripNatives {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        String keep = args[1];
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path natives = zip.getPath("/org/sqlite/native");
            if (!Files.isDirectory(natives) || !Files.isDirectory(natives.resolve(keep))) {
                return;
            }
            List<Path> doomed;
            try (Stream<Path> all = Files.walk(natives)) {
                doomed = all.filter(p -> !p.equals(natives))
                        .filter(p -> !natives.resolve(keep).startsWith(p) && !p.startsWith(natives.resolve(keep)))
                        .sorted(Comparator.reverseOrder())
                        .toList();
            }
            for (Path p : doomed) {
                Files.delete(p);
            }
        }
    }
}
