package hyper.http;

import hyper.core.Service;
import io.helidon.http.Method;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes an export of a store one point in time: every request that writes a store through the hyper API
 * holds the store's gate shared while it runs, and the export holds it alone while it reads that store, so
 * no write lands half-way through the store's pages. Writes to other stores go on; writes to the store being
 * exported wait until its section is written. Background work of an engine (queue deliveries changing a
 * job's status, expiry) is not a request and is not held back.
 *
 * <p>Striped: the gate of a store is one of a fixed set of locks chosen by its name, so no name a client
 * sends makes it grow (two stores may share a lock; their writes then wait for each other's export too).
 */
final class StoreGate {

    /** The path parameter that names the store, in each service's routes. */
    private static final Map<Service, String> STORE_PARAMETER = Map.of(Service.CACHE, "name", Service.DATA, "db",
            Service.STORAGE, "bucket", Service.SEARCH, "index", Service.QUEUE, "name");

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[64];

    StoreGate() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Runs a matched route: a write to a store (any method but GET and HEAD) within the store's gate. */
    void handle(Method method, Router.Match match, Call call) throws Exception {
        String store = match.service().map(STORE_PARAMETER::get).map(match.params()::get).orElse(null);
        if (store == null || method.equals(Method.GET) || method.equals(Method.HEAD)) {
            match.handler().handle(call);
            return;
        }
        ReentrantReadWriteLock.ReadLock writing = lock(match.service().get(), store).readLock();
        writing.lock();
        try {
            match.handler().handle(call);
        } finally {
            writing.unlock();
        }
    }

    /** What an export does with one store while no request writes it. */
    interface Reading {
        void read() throws IOException;
    }

    /** Runs {@code reading} while no request writes {@code store} of {@code service}. */
    void alone(Service service, String store, Reading reading) throws IOException {
        ReentrantReadWriteLock.WriteLock exporting = lock(service, store).writeLock();
        exporting.lock();
        try {
            reading.read();
        } finally {
            exporting.unlock();
        }
    }

    private ReentrantReadWriteLock lock(Service service, String store) {
        return stripes[Math.floorMod(service.id().hashCode() * 31 + store.hashCode(), stripes.length)];
    }
}
