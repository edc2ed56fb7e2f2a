import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites jars in place with every entry STORED (not deflated): {@code StoreJars <jar>...}. The tarball and the
 * image layers are gzipped as a whole, and gzip packs stored class files better than it packs deflated ones, so
 * the download shrinks while the jars grow on disk. Entries keep their order (the manifest first), names, times
 * and bytes, so module descriptors, services and signatures read as before; extra fields (optional
 * timestamps and markers) are left out.
 */
public class StoreJars {
    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            store(Path.of(arg));
        }
    }

    private static void store(Path jar) throws IOException {
        Path stored = jar.resolveSibling(jar.getFileName() + ".stored");
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zipIn = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(stored);
                ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.setMethod(ZipOutputStream.STORED);
            for (ZipEntry entry; (entry = zipIn.getNextEntry()) != null; ) {
                byte[] bytes = zipIn.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(bytes);
                // a STORED entry must state its sizes and CRC before its bytes
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                copy.setCrc(crc.getValue());
                copy.setTime(entry.getTime());
                zipOut.putNextEntry(copy);
                zipOut.write(bytes);
                zipOut.closeEntry();
            }
        }
        Files.move(stored, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
