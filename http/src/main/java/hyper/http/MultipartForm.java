package hyper.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of a {@code multipart/form-data} body: parts are read one after another, and a part's
 * body is an {@link InputStream} that ends at the next boundary, so a file of any size passes through a
 * fixed 64 KiB buffer. Only the headers of a part are held in memory, within limits.
 */
final class MultipartForm {

    /** A malformed body or a part header beyond the limits. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** One part: its field name, the file name if it is a file, and its bytes. */
    record Part(String name, Optional<String> fileName, InputStream body) {

        /** The body as UTF-8 text of at most {@code limit} bytes. */
        String text(int limit) throws IOException {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new MalformedException("form field '" + name + "' is longer than " + limit + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PARTS = 1000;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private boolean finished;
    private int parts;
    private PartBody current;

    private MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        // The first boundary has no CRLF before it: pretend it had, so every boundary looks the same.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
        current = new PartBody(); // the preamble, skipped by the first next()
    }

    /** A reader for {@code contentType}'s boundary, if it names one. */
    static Optional<MultipartForm> of(String contentType, InputStream body) {
        return parameter(contentType, "boundary")
                .filter(b -> !b.isEmpty() && b.length() <= 70)
                .map(b -> new MultipartForm(body, b));
    }

    /** The next part, or empty after the last one. The previous part's unread bytes are skipped. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        current.skipRest();
        if (fill(2) < 2) {
            throw new MalformedException("multipart body ends without its closing boundary");
        }
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            return Optional.empty();
        }
        if (++parts > MAX_PARTS) {
            throw new MalformedException("more than " + MAX_PARTS + " parts in the form");
        }
        skipLine(); // transport padding and CRLF after the boundary
        Map<String, String> headers = readHeaders();
        String disposition = headers.getOrDefault("content-disposition", "");
        String name = parameter(disposition, "name").orElse("");
        Optional<String> fileName = parameter(disposition, "filename*")
                .flatMap(MultipartForm::extendedValue)
                .or(() -> parameter(disposition, "filename"));
        current = new PartBody();
        return Optional.of(new Part(name, fileName, current));
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new MalformedException("part headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (fill(1) < 1) {
                throw new MalformedException("multipart body ends inside part headers");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
            if (line.size() > MAX_HEADER_BYTES) {
                throw new MalformedException("part headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
    }

    private void skipLine() throws IOException {
        readLine();
    }

    /** Makes at least {@code wanted} unread bytes available unless the body ends first; returns how many are. */
    private int fill(int wanted) throws IOException {
        if (limit - position >= wanted) {
            return limit - position;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < wanted && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit - position;
    }

    /** The bytes of one part, up to (not including) the CRLF before the next boundary. */
    private final class PartBody extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int available = fill(delimiter.length);
            int found = indexOfDelimiter();
            int readable;
            if (found >= 0) {
                readable = found - position;
                if (readable == 0) {
                    position += delimiter.length;
                    ended = true;
                    return -1;
                }
            } else if (eof && available < delimiter.length) {
                throw new MalformedException("multipart body ends inside a part");
            } else {
                // Bytes that cannot start a delimiter within what is buffered are safe to hand out.
                readable = available - delimiter.length + 1;
            }
            int n = Math.min(readable, length);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }

        private int indexOfDelimiter() {
            byte first = delimiter[0];
            int last = limit - delimiter.length;
            outer:
            for (int i = position; i <= last; i++) {
                if (buffer[i] != first) {
                    continue;
                }
                for (int j = 1; j < delimiter.length; j++) {
                    if (buffer[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }

    /** A parameter of a header value such as {@code form-data; name="file"; filename="a.png"}. */
    static Optional<String> parameter(String header, String wanted) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            while (start < header.length() && header.charAt(start) == ' ') {
                start++;
            }
            int equals = header.indexOf('=', start);
            if (equals < 0) {
                return Optional.empty();
            }
            String key = header.substring(start, equals).trim().toLowerCase(Locale.ROOT);
            int valueStart = equals + 1;
            String value;
            int end;
            if (valueStart < header.length() && header.charAt(valueStart) == '"') {
                StringBuilder quoted = new StringBuilder();
                end = valueStart + 1;
                while (end < header.length() && header.charAt(end) != '"') {
                    char c = header.charAt(end);
                    if (c == '\\' && end + 1 < header.length() && header.charAt(end + 1) == '"') {
                        c = '"';
                        end++;
                    }
                    quoted.append(c);
                    end++;
                }
                value = quoted.toString();
                end = header.indexOf(';', end);
            } else {
                end = header.indexOf(';', valueStart);
                value = header.substring(valueStart, end < 0 ? header.length() : end).trim();
            }
            if (key.equals(wanted)) {
                return Optional.of(value);
            }
            i = end;
        }
        return Optional.empty();
    }

    /** The value of an RFC 5987 parameter such as {@code UTF-8''na%C3%AFve.txt}. */
    private static Optional<String> extendedValue(String value) {
        int quote = value.indexOf("''");
        if (quote < 0 || !value.substring(0, quote).equalsIgnoreCase("UTF-8")) {
            return Optional.empty();
        }
        try {
            return Optional.of(URLDecoder.decode(value.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
