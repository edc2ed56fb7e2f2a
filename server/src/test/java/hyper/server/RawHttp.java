package hyper.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for the requests no HTTP client would send:
 * any bytes in the request line, headers without a colon, lying lengths, bodies in any encoding. The head
 * is written as ISO-8859-1, one char per byte, so a caller writes raw UTF-8 with {@link #bytesAsText}.
 */
final class RawHttp {

    private RawHttp() {}

    /**
     * A request. {@code headers} are whole lines ({@code "Name: value"}); a {@code Host}, a
     * {@code Content-Length} (when there is a body and no length or transfer coding is given) and
     * {@code Connection: close} are added. {@code head}, when not null, replaces the request line and the
     * headers entirely (it must end with its blank line).
     */
    record Request(String method, String target, List<String> headers, byte[] body, String head) {

        static Request of(String method, String target, List<String> headers, byte[] body) {
            return new Request(method, target, List.copyOf(headers), body, null);
        }

        static Request rawHead(String head, byte[] body) {
            return new Request(null, null, List.of(), body, head);
        }

        byte[] headBytes(URI server) {
            if (head != null) {
                return head.getBytes(StandardCharsets.ISO_8859_1);
            }
            StringBuilder h = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            if (headers.stream().noneMatch(l -> named(l, "host"))) {
                h.append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
            }
            headers.forEach(line -> h.append(line).append("\r\n"));
            boolean framed = headers.stream().anyMatch(l -> named(l, "content-length") || named(l, "transfer-encoding"));
            if (body != null && !framed) {
                h.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return h.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        private static boolean named(String line, String name) {
            return line.toLowerCase(Locale.ROOT).startsWith(name + ":");
        }

        /** The request as a reader can replay it: head and body, control bytes escaped, long parts cut. */
        String describe(URI server) {
            return printable(new String(headBytes(server), StandardCharsets.ISO_8859_1), 1500)
                    + (body == null ? "" : "\n  body (" + body.length + " bytes): "
                    + printable(new String(body, StandardCharsets.ISO_8859_1), 600));
        }
    }

    /** The first final response: status, headers (names lower-cased, first value), body. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Sends {@code request} to {@code server} and reads until the server closes the connection; empty when
     * the server closed it without a response.
     *
     * @throws SocketTimeoutException when no complete answer comes within {@code timeoutMillis}
     */
    static Optional<Response> exchange(URI server, Request request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request.headBytes(server));
                if (request.body() != null) {
                    out.write(request.body());
                }
                out.flush();
                // The end of the request is the end of the stream: a lying Content-Length cannot hang the test.
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a 413 on the declared length).
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** What the server sent before closing; a reset after some bytes keeps those bytes. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (all.size() == 0) {
                return new byte[0];
            }
        }
        return all.toByteArray();
    }

    static Optional<Response> parse(byte[] bytes) {
        int at = 0;
        while (true) {
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (end < 0) {
                return Optional.empty();
            }
            String[] lines = new String(bytes, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IllegalStateException("not an HTTP response: " + printable(lines[0], 200));
            }
            int status = Integer.parseInt(statusLine[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int bodyStart = end + 4;
            if (status >= 100 && status < 200) {
                at = bodyStart; // 100 Continue: the final response follows
                continue;
            }
            byte[] rest = java.util.Arrays.copyOfRange(bytes, bodyStart, bytes.length);
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                body = dechunk(rest);
            } else if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                body = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
            } else {
                body = rest;
            }
            return Optional.of(new Response(status, headers, body));
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                break;
            }
            int start = lineEnd + 2;
            body.write(chunked, start, Math.min(length, chunked.length - start));
            at = start + length + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code text} as UTF-8 bytes, one char per byte, for a head written as ISO-8859-1. */
    static String bytesAsText(String text) {
        return new String(utf8(text), StandardCharsets.ISO_8859_1);
    }

    /**
     * UTF-8 bytes of {@code text}, a lone surrogate included (as the three bytes a careless encoder
     * writes for it), where {@link String#getBytes} would write '?'.
     */
    static byte[] utf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** {@code text} with control characters and non-ASCII escaped, cut to about {@code max} chars. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || (c >= 0x7F && c <= 0xFF)) {
                out.append(String.format("\\x%02X", (int) c));
            } else if (c > 0xFF) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > max && out.length() >= max ? out + "…(" + text.length() + " chars)" : out.toString();
    }
}
