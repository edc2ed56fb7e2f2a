package hyper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers that must be told theirs (a child process, a delivery target). */
public final class Ports {

    private Ports() {}

    /** A port that nothing listened on a moment ago (on any address, so on loopback too). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
