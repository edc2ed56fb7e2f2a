package hyper.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * HTTP/1.1 answers rewritten, on their way to the socket, into what an HTTP/1.0 client reads: a chunked body
 * is decoded and ended by closing the connection, interim (1xx) answers and the body of an answer to HEAD
 * are dropped, and each answer says whether the connection stays open ({@code Connection: keep-alive} only
 * when the client asked for it and the answer's end is known from its head).
 */
final class Http10Answers implements DataWriter {

    private enum State {
        /** Reading an answer's head. */
        HEAD,
        /** In a body of known length. */
        LENGTH,
        /** In a chunked body: a chunk's size line, its data, the line end after it, the trailer lines. */
        CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS,
        /** In a body that ends with the connection. */
        TO_CLOSE,
        /** After the answer: nothing more belongs to it (the body of an answer to HEAD, say). */
        DONE,
        /** The connection turned into plain HTTP/1.1: everything as it is. */
        PASS
    }

    private static final int MAX_LINE = 64 * 1024;

    private final DataWriter socket;
    private final Http10Connection.Exchange exchange;

    private State state = State.DONE;
    private int answering = 0;
    /** The head, or the chunk or trailer line, being read. */
    private byte[] line = new byte[512];
    private int lineLength;
    private long left;
    private boolean keptAlive;

    Http10Answers(DataWriter socket, Http10Connection.Exchange exchange) {
        this.socket = socket;
        this.exchange = exchange;
    }

    @Override
    public void write(BufferData... buffers) {
        send(buffers, socket::write);
    }

    @Override
    public void write(BufferData buffer) {
        send(new BufferData[] {buffer}, socket::write);
    }

    @Override
    public void writeNow(BufferData... buffers) {
        send(buffers, socket::writeNow);
    }

    @Override
    public void writeNow(BufferData buffer) {
        send(new BufferData[] {buffer}, socket::writeNow);
    }

    @Override
    public void flush() {
        socket.flush();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void send(BufferData[] buffers, Consumer<BufferData> out) {
        if (exchange.passingThrough()) {
            state = State.PASS;
        } else if (exchange.requests() != answering) {
            answering = exchange.requests(); // a new request was read: what comes is its answer
            state = State.HEAD;
            lineLength = 0;
        }
        if (state == State.PASS) {
            for (BufferData buffer : buffers) {
                out.accept(buffer);
            }
            return;
        }
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        for (BufferData buffer : buffers) {
            byte[] bytes = buffer.readBytes();
            for (int i = 0; i < bytes.length; ) {
                i = consume(bytes, i, rewritten);
            }
        }
        if (rewritten.size() > 0) {
            out.accept(BufferData.create(rewritten.toByteArray()));
        }
    }

    /** Takes the bytes from {@code i} that the current state reads; returns where the next state starts. */
    private int consume(byte[] bytes, int i, ByteArrayOutputStream out) {
        switch (state) {
            case HEAD -> {
                for (; i < bytes.length; i++) {
                    keep(bytes[i]);
                    if (bytes[i] == '\n' && endsWith("\r\n\r\n")) {
                        head(out);
                        return i + 1;
                    }
                }
                return i;
            }
            case LENGTH, CHUNK_DATA -> {
                int n = (int) Math.min(left, bytes.length - i);
                if (!exchange.headRequest()) {
                    out.write(bytes, i, n);
                }
                left -= n;
                if (left == 0) {
                    if (state == State.LENGTH) {
                        done();
                    } else {
                        state = State.CHUNK_END;
                    }
                }
                return i + n;
            }
            case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                for (; i < bytes.length; i++) {
                    keep(bytes[i]);
                    if (bytes[i] == '\n') {
                        chunkLine();
                        return i + 1;
                    }
                }
                return i;
            }
            case TO_CLOSE -> {
                if (!exchange.headRequest()) {
                    out.write(bytes, i, bytes.length - i);
                }
                return bytes.length;
            }
            default -> {
                return bytes.length; // DONE: nothing more belongs to this answer
            }
        }
    }

    /** An answer's head is complete: writes it as 1.0 reads it and goes on to its body. */
    private void head(ByteArrayOutputStream out) {
        String[] lines = new String(line, 0, lineLength - 4, StandardCharsets.ISO_8859_1).split("\r\n");
        lineLength = 0;
        String statusLine = lines[0];
        int status = statusLine.length() >= 12 ? Integer.parseInt(statusLine.substring(9, 12)) : 500;
        if (status < 200) {
            return; // an interim answer: 1.0 knows none, the final one follows
        }
        boolean chunked = false;
        boolean closeSaid = false;
        long length = -1;
        StringBuilder head = new StringBuilder(512).append(statusLine).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String header = lines[i];
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            switch (name) {
                case "transfer-encoding" -> {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    continue;
                }
                case "connection" -> {
                    closeSaid = Arrays.stream(value.split(",")).anyMatch(t -> t.trim().equalsIgnoreCase("close"));
                    continue;
                }
                case "keep-alive" -> {
                    continue;
                }
                case "content-length" -> length = Long.parseLong(value);
                default -> {
                    // kept as it is
                }
            }
            head.append(header).append("\r\n");
        }
        // The answer to HEAD ends with its head (what follows is dropped); so do 204 and 304.
        boolean bodyless = exchange.headRequest() || status == 204 || status == 304;
        boolean endKnown = bodyless || !chunked && length >= 0;
        keptAlive = exchange.keepAliveAsked() && endKnown && !closeSaid;
        head.append(keptAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (status == 204 || status == 304) {
            done();
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (length >= 0) {
            left = length;
            state = State.LENGTH;
            if (left == 0) {
                done();
            }
        } else {
            state = State.TO_CLOSE;
        }
        if (exchange.headRequest() && state != State.DONE) {
            // its body, if Helidon writes one, is dropped: the answer is complete as far as the client knows
            exchange.answered(keptAlive);
        }
    }

    /** A line of a chunked body is complete. */
    private void chunkLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1).trim();
        lineLength = 0;
        switch (state) {
            case CHUNK_SIZE -> {
                int extension = text.indexOf(';');
                left = Long.parseLong(extension < 0 ? text : text.substring(0, extension).trim(), 16);
                state = left == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            default -> {
                if (text.isEmpty()) {
                    done(); // the blank line after the trailers (dropped: 1.0 has none)
                }
            }
        }
    }

    private void done() {
        state = State.DONE;
        exchange.answered(keptAlive);
    }

    private void keep(byte b) {
        if (lineLength == line.length) {
            if (lineLength >= MAX_LINE) {
                throw new IllegalStateException("an answer's head or chunk line is longer than " + MAX_LINE + " bytes");
            }
            line = Arrays.copyOf(line, lineLength * 2);
        }
        line[lineLength++] = b;
    }

    private boolean endsWith(String end) {
        if (lineLength < end.length()) {
            return false;
        }
        for (int i = 0; i < end.length(); i++) {
            if (line[lineLength - end.length() + i] != end.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
