package hyper.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming form reader on awkward inputs: tiny reads, near-boundaries in the data, bad bodies. */
class MultipartFormTest {

    private static final String BOUNDARY = "XyZ-boundary-123";

    @Test
    void partsSurviveAnyReadSizeAndBoundaryLookalikes() throws IOException {
        byte[] file = new byte[200_000];
        new SplittableRandom(1).nextBytes(file);
        // plant prefixes of the delimiter in the data, including one right at the end
        byte[] lookalike = ("\r\n--" + BOUNDARY.substring(0, 8)).getBytes(StandardCharsets.ISO_8859_1);
        for (int at : new int[] {0, 65_530, 131_000, file.length - lookalike.length}) {
            System.arraycopy(lookalike, 0, file, at, lookalike.length);
        }
        byte[] body = body("preamble\r\n", part("path", null, "pets/".getBytes()), part("file", "dög.png", file));
        for (int chunk : new int[] {1, 7, 4096, 70_000}) {
            MultipartForm form = MultipartForm.of("multipart/form-data; boundary=\"" + BOUNDARY + "\"",
                    new Trickle(body, chunk)).orElseThrow();
            MultipartForm.Part path = form.next().orElseThrow();
            assertEquals("path", path.name());
            assertEquals(Optional.empty(), path.fileName());
            assertEquals("pets/", path.text(100));
            MultipartForm.Part upload = form.next().orElseThrow();
            assertEquals("file", upload.name());
            assertEquals(Optional.of("dög.png"), upload.fileName());
            assertArrayEquals(file, upload.body().readAllBytes(), "chunk " + chunk);
            assertTrue(form.next().isEmpty());
        }
    }

    @Test
    void unreadPartsAreSkipped() throws IOException {
        byte[] body = body("", part("a", "a.bin", new byte[100_000]), part("b", null, "second".getBytes()));
        MultipartForm form = MultipartForm.of("multipart/form-data; boundary=" + BOUNDARY,
                new ByteArrayInputStream(body)).orElseThrow();
        form.next().orElseThrow();
        assertEquals("second", form.next().orElseThrow().text(100));
        assertTrue(form.next().isEmpty());
    }

    @Test
    void extendedFileNamesAreDecoded() throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"; "
                + "filename*=UTF-8''na%C3%AFve%20file.txt\r\n\r\nabc\r\n--" + BOUNDARY + "--\r\n";
        MultipartForm form = MultipartForm.of("multipart/form-data; boundary=" + BOUNDARY,
                new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertEquals(Optional.of("naïve file.txt"), form.next().orElseThrow().fileName());
    }

    @Test
    void malformedBodiesAreReported() {
        assertTrue(MultipartForm.of("multipart/form-data", InputStream.nullInputStream()).isEmpty());
        byte[] truncated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\""
                + "\r\n\r\nno end").getBytes(StandardCharsets.UTF_8);
        assertThrows(MultipartForm.MalformedException.class, () -> {
            MultipartForm form = MultipartForm.of("multipart/form-data; boundary=" + BOUNDARY,
                    new ByteArrayInputStream(truncated)).orElseThrow();
            form.next().orElseThrow().body().readAllBytes();
        });
        assertThrows(MultipartForm.MalformedException.class, () -> MultipartForm.of(
                "multipart/form-data; boundary=" + BOUNDARY, new ByteArrayInputStream("junk".getBytes()))
                .orElseThrow().next());
    }

    private static byte[] part(String name, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: image/png") + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] body(String preamble, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.UTF_8));
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network would. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
