package hyper.server;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * An HTTP/1.0 client served by Helidon's HTTP/1.1 connection, which would answer it 505: its requests are
 * rewritten to 1.1 on the way in ({@link Http10Requests}) and the answers to what 1.0 reads on the way out
 * ({@link Http10Answers}). The connection stays open after an answer only when the client asked for it
 * ({@code Connection: keep-alive}) and the answer's length was known; an answer Helidon would chunk is sent
 * unchunked and ended by closing the connection, as 1.0 knows no chunked coding.
 *
 * <p>Answers keep the status line {@code HTTP/1.1}: a server sends the highest version it conforms to
 * within the client's major version (RFC 9110, section 6.2), as nginx and Apache do to 1.0 clients; what
 * the answer relies on is only what 1.0 reads.
 */
final class Http10Connection implements ServerConnection, InterruptableTask<Void> {

    private final ServerConnection http1;

    Http10Connection(ConnectionContext ctx, Http1ConnectionSelector http1, Http1Config config) {
        Exchange exchange = new Exchange();
        int maxHead = config.maxPrologueLength() + config.maxHeadersSize();
        DataReader requests = DataReader.create(new Http10Requests(ctx.dataReader(), exchange, maxHead,
                hostHeader(ctx.localPeer())));
        this.http1 = http1.connection(new Context(ctx, requests, new Http10Answers(ctx.dataWriter(), exchange)));
    }

    /** The Host a 1.0 request without one is given: the address it came to, as the client would name it. */
    private static String hostHeader(PeerInfo local) {
        String host = local.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.port();
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        http1.handle(limit);
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    /** What the two directions share about the request being answered; both run on the connection's thread. */
    static final class Exchange {

        private volatile int requests;
        private volatile boolean keepAliveAsked;
        private volatile boolean headRequest;
        private volatile boolean answered;
        private volatile boolean keptAlive;
        private volatile boolean passThrough;

        /** A 1.0 request was handed on; {@code keepAliveAsked} when another may follow it. */
        void request(boolean keepAliveAsked, boolean headRequest) {
            this.keepAliveAsked = keepAliveAsked;
            this.headRequest = headRequest;
            this.answered = false;
            this.keptAlive = false;
            requests++;
        }

        /** A request that is not 1.0 came: from here on the connection is plain HTTP/1.1 both ways. */
        void passThrough() {
            passThrough = true;
        }

        /** The answer to the current request is complete; {@code keptAlive} when the connection stays open. */
        void answered(boolean keptAlive) {
            this.answered = true;
            this.keptAlive = keptAlive;
        }

        int requests() {
            return requests;
        }

        boolean keepAliveAsked() {
            return keepAliveAsked;
        }

        boolean headRequest() {
            return headRequest;
        }

        boolean passingThrough() {
            return passThrough;
        }

        boolean answered() {
            return answered;
        }

        /** Whether another request may be read: the last one's answer is complete and kept the connection. */
        boolean anotherRequestMayFollow() {
            return answered && keptAlive;
        }
    }

    /** The connection as Helidon's HTTP/1.1 sees it: the socket's, with the rewriting reader and writer. */
    private record Context(ConnectionContext socket, DataReader dataReader, DataWriter dataWriter)
            implements ConnectionContext {

        @Override
        public ListenerContext listenerContext() {
            return socket.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return socket.executor();
        }

        @Override
        public Router router() {
            return socket.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return socket.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return socket.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return socket.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return socket.localPeer();
        }

        @Override
        public boolean isSecure() {
            return socket.isSecure();
        }

        @Override
        public String socketId() {
            return socket.socketId();
        }

        @Override
        public String childSocketId() {
            return socket.childSocketId();
        }
    }
}
