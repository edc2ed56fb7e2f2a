package hyper.server;

import io.helidon.common.buffers.DataReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The bytes of an HTTP/1.0 client's requests as HTTP/1.1 reads them: each request line says {@code HTTP/1.1},
 * a request without {@code Host} gets one, {@code Expect} is dropped (1.0 knows no interim answers) and one
 * that is not to be followed by another says {@code Connection: close}. Bodies are handed on by their
 * {@code Content-Length}, so the next request is known to start after them; once an answer ends the
 * connection, the stream ends.
 *
 * <p>A head that cannot be rewritten (too long, a bare line feed, never ended) is handed on as it came, the
 * version of its request line aside, for HTTP/1.1 to answer its 400, 414 or 431; nothing follows it.
 */
final class Http10Requests implements Supplier<byte[]> {

    private static final int INCOMPLETE = -1;
    private static final int MALFORMED = -2;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final byte[] NONE = new byte[0];

    private enum Mode {
        /** At the start of a request. */
        HEAD,
        /** In a body of known length. */
        BODY,
        /** After a request whose end is not known: the rest as it comes, until its answer ends the connection. */
        UNFRAMED,
        /** After a request that was not 1.0: everything as it comes. */
        PASS
    }

    private final DataReader socket;
    private final Http10Connection.Exchange exchange;
    private final int maxHead;
    private final String host;

    /** Bytes read from the socket and not yet handed on, from {@link #at}. */
    private byte[] buffered = NONE;
    private int at;
    private Mode mode = Mode.HEAD;
    private long bodyLeft;
    private boolean first = true;

    /**
     * Requests read from {@code socket}, with heads of at most {@code maxHead} bytes; a request without a
     * Host header gets {@code host}.
     */
    Http10Requests(DataReader socket, Http10Connection.Exchange exchange, int maxHead, String host) {
        this.socket = socket;
        this.exchange = exchange;
        this.maxHead = maxHead;
        this.host = host;
    }

    /** The next bytes for HTTP/1.1 to read; null at the end of the stream. */
    @Override
    public byte[] get() {
        return switch (mode) {
            case HEAD -> nextHead();
            case BODY -> body();
            case UNFRAMED -> exchange.answered() ? null : rest();
            case PASS -> rest();
        };
    }

    private byte[] nextHead() {
        if (!first && !exchange.anotherRequestMayFollow()) {
            return null; // the last answer ended the connection
        }
        first = false;
        while (true) {
            int end = headEnd();
            if (end >= 0) {
                return rewrite(take(end - at));
            }
            if (end == MALFORMED || buffered() > maxHead) {
                return asItCame(take(buffered()));
            }
            if (!pull()) {
                return buffered() == 0 ? null : asItCame(take(buffered()));
            }
        }
    }

    /** The index after the blank line that ends the head in {@link #buffered}, or why there is none. */
    private int headEnd() {
        int lineStart = at;
        for (int i = at; i < buffered.length; i++) {
            if (buffered[i] == '\n') {
                if (i == at || buffered[i - 1] != '\r') {
                    return MALFORMED;
                }
                if (i - 1 == lineStart) {
                    return lineStart == at ? MALFORMED : i + 1;
                }
                lineStart = i + 1;
            }
        }
        return INCOMPLETE;
    }

    /** A whole head, rewritten for HTTP/1.1; a request line not in 1.0 turns the connection into plain 1.1. */
    private byte[] rewrite(byte[] head) {
        String text = new String(head, 0, head.length - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String requestLine = lines[0];
        if (!requestLine.endsWith(" HTTP/1.0")) {
            mode = Mode.PASS;
            exchange.passThrough();
            return head;
        }
        StringBuilder out = new StringBuilder(head.length + 64)
                .append(requestLine, 0, requestLine.length() - 1).append("1\r\n");
        boolean hasHost = false;
        boolean keepAlive = false;
        boolean framed = true;
        String length = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            switch (name) {
                case "connection" -> {
                    keepAlive = Arrays.stream(value.split(",")).anyMatch(t -> t.trim().equalsIgnoreCase("keep-alive"));
                    continue;
                }
                case "keep-alive", "expect" -> {
                    continue;
                }
                case "host" -> hasHost = true;
                case "content-length" -> {
                    if (!DIGITS.matcher(value).matches() || length != null && !length.equals(value)) {
                        framed = false; // HTTP/1.1 refuses it (400); nothing may follow
                    }
                    length = value;
                }
                // 1.0 has no transfer codings: such a message's framing is faulty (RFC 9112, section 6.1)
                case "transfer-encoding" -> framed = false;
                default -> {
                    // handed on as it is
                }
            }
            out.append(line).append("\r\n");
        }
        if (!hasHost) {
            out.append("Host: ").append(host).append("\r\n");
        }
        boolean another = keepAlive && framed;
        if (!another) {
            out.append("Connection: close\r\n");
        }
        out.append("\r\n");
        exchange.request(another, requestLine.startsWith("HEAD "));
        if (!framed) {
            mode = Mode.UNFRAMED;
        } else if (length != null && Long.parseLong(length) > 0) {
            mode = Mode.BODY;
            bodyLeft = Long.parseLong(length);
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A head that cannot be rewritten, for HTTP/1.1 to refuse: only its version is changed, when it is 1.0. */
    private byte[] asItCame(byte[] head) {
        int lf = 0;
        while (lf < head.length && head[lf] != '\n') {
            lf++;
        }
        String http10 = " HTTP/1.0\r";
        if (lf < head.length && lf >= http10.length()
                && new String(head, lf - http10.length(), http10.length(), StandardCharsets.ISO_8859_1).equals(http10)) {
            head[lf - 2] = '1';
        }
        mode = Mode.UNFRAMED;
        exchange.request(false, false);
        return head;
    }

    private byte[] body() {
        byte[] part;
        if (buffered() > 0) {
            part = take((int) Math.min(bodyLeft, buffered()));
        } else {
            try {
                socket.ensureAvailable();
            } catch (DataReader.InsufficientDataAvailableException closed) {
                return null;
            }
            part = socket.readBytes((int) Math.min(bodyLeft, socket.available()));
        }
        bodyLeft -= part.length;
        if (bodyLeft == 0) {
            mode = Mode.HEAD;
        }
        return part;
    }

    private byte[] rest() {
        if (buffered() == 0 && !pull()) {
            return null;
        }
        return take(buffered());
    }

    private int buffered() {
        return buffered.length - at;
    }

    /** Reads what the socket has (waiting for some) into {@link #buffered}; false at its end. */
    private boolean pull() {
        byte[] more;
        try {
            socket.ensureAvailable();
            more = socket.readBytes(socket.available());
        } catch (DataReader.InsufficientDataAvailableException closed) {
            return false;
        }
        int kept = buffered();
        byte[] joined = Arrays.copyOfRange(buffered, at, at + kept + more.length);
        System.arraycopy(more, 0, joined, kept, more.length);
        buffered = joined;
        at = 0;
        return true;
    }

    private byte[] take(int length) {
        byte[] taken = Arrays.copyOfRange(buffered, at, at + length);
        at += length;
        if (at == buffered.length) {
            buffered = NONE;
            at = 0;
        }
        return taken;
    }
}
