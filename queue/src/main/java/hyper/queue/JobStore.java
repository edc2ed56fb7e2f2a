package hyper.queue;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.StoreInfo;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueTarget;
import hyper.sqlite.SqliteFile;
import java.net.URI;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The queues and jobs in one SQLite file (WAL). One connection under this object's lock: SQLite has one
 * writer anyway and each statement takes microseconds. Every write is committed before its method
 * returns, so it survives a crash of the process.
 */
final class JobStore implements AutoCloseable {

    /** A stored job row as the listing routes need it. */
    record Row(long id, String queue, JobStatus status, String body, long enqueued, Optional<String> error) {}

    /** What the courier needs to send one READY job. */
    record Parcel(long id, String queue, URI target, Optional<String> secret, OptionalInt retries, String body) {}

    /** A READY job waiting at start-up. */
    record Waiting(String queue, long id) {}

    private final SqliteFile db;

    JobStore(Path file) {
        db = SqliteFile.open(file, "queue",
                "CREATE TABLE IF NOT EXISTS queues (name TEXT PRIMARY KEY, target TEXT NOT NULL,"
                        + " secret TEXT, retries INTEGER, created INTEGER NOT NULL)",
                // AUTOINCREMENT: an id is never reused, so a late delivery outcome can never hit a newer job.
                "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " queue TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,"
                        + " enqueued INTEGER NOT NULL, error TEXT)",
                "CREATE INDEX IF NOT EXISTS jobs_by_queue ON jobs (queue, status, id)");
    }

    synchronized void createQueue(String name, URI target, Optional<String> secret, OptionalInt retries,
            long now) {
        run(() -> {
            try (PreparedStatement p = db.connection().prepareStatement("INSERT INTO queues (name, target, secret, retries,"
                    + " created) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                p.setString(1, name);
                p.setString(2, target.toString());
                p.setString(3, secret.orElse(null));
                if (retries.isPresent()) {
                    p.setInt(4, retries.getAsInt());
                } else {
                    p.setNull(4, Types.INTEGER);
                }
                p.setLong(5, now);
                if (p.executeUpdate() == 0) {
                    throw HyperException.of(Fact.STORE_EXISTS);
                }
            }
            return null;
        });
    }

    synchronized void deleteQueue(String name) {
        transaction(() -> {
            requireQueue(name);
            update("DELETE FROM jobs WHERE queue = ?", name);
            update("DELETE FROM queues WHERE name = ?", name);
            return null;
        });
    }

    synchronized List<String> queueNames() {
        return run(() -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement p = db.connection().prepareStatement("SELECT name FROM queues ORDER BY created, rowid");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        });
    }

    /**
     * Stores a READY job; the insert is committed when this returns. The commit is explicit: in auto-commit
     * mode an {@code INSERT … RETURNING} hands out its id before committing, and a failed commit (a full
     * disk) would go unseen.
     */
    synchronized long insertJob(String queue, String body, long now) {
        return transaction(() -> {
            requireQueue(queue);
            try (PreparedStatement p = db.connection().prepareStatement(
                    "INSERT INTO jobs (queue, body, status, enqueued) VALUES (?, ?, 'READY', ?) RETURNING id")) {
                p.setString(1, queue);
                p.setString(2, body);
                p.setLong(3, now);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    synchronized List<Row> jobs(String queue, JobStatus status) {
        return run(() -> {
            requireQueue(queue);
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = db.connection().prepareStatement("SELECT id, body, enqueued, error FROM jobs"
                    + " WHERE queue = ? AND status = ? ORDER BY id")) {
                p.setString(1, queue);
                p.setString(2, status.name());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Row(r.getLong(1), queue, status, r.getString(2), r.getLong(3),
                                Optional.ofNullable(r.getString(4))));
                    }
                }
            }
            return rows;
        });
    }

    /** The target, secret and retries of a queue. */
    synchronized QueueTarget target(String queue) {
        return run(() -> {
            try (PreparedStatement p = db.connection().prepareStatement(
                    "SELECT target, secret, retries FROM queues WHERE name = ?")) {
                p.setString(1, queue);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw HyperException.of(Fact.STORE_NOT_FOUND);
                    }
                    int count = r.getInt(3);
                    OptionalInt retries = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(count);
                    return new QueueTarget(URI.create(r.getString(1)), Optional.ofNullable(r.getString(2)), retries);
                }
            }
        });
    }

    /** Stores a job in {@code status} with {@code error}; committed when this returns. */
    synchronized long insertJob(String queue, String body, JobStatus status, Optional<String> error, long now) {
        return transaction(() -> {
            requireQueue(queue);
            try (PreparedStatement p = db.connection().prepareStatement(
                    "INSERT INTO jobs (queue, body, status, enqueued, error) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, queue);
                p.setString(2, body);
                p.setString(3, status.name());
                p.setLong(4, now);
                p.setString(5, error.orElse(null));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** Every queue, sorted by name, with its count of jobs. */
    synchronized List<StoreInfo> queueInfos() {
        return run(() -> {
            List<StoreInfo> queues = new ArrayList<>();
            try (PreparedStatement p = db.connection().prepareStatement("SELECT q.name,"
                    + " (SELECT count(*) FROM jobs j WHERE j.queue = q.name) FROM queues q ORDER BY q.name");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    queues.add(new StoreInfo(r.getString(1), OptionalLong.of(r.getLong(2))));
                }
            }
            return queues;
        });
    }

    /** Jobs of the queue in {@code status} (any when empty) with ids {@code >= fromId}, oldest first. */
    synchronized List<Row> jobs(String queue, Optional<JobStatus> status, long fromId, int limit) {
        return run(() -> {
            requireQueue(queue);
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = db.connection().prepareStatement("SELECT id, body, enqueued, error, status"
                    + " FROM jobs WHERE queue = ? AND (? IS NULL OR status = ?) AND id >= ? ORDER BY id LIMIT ?")) {
                p.setString(1, queue);
                p.setString(2, status.map(JobStatus::name).orElse(null));
                p.setString(3, status.map(JobStatus::name).orElse(null));
                p.setLong(4, fromId);
                p.setInt(5, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Row(r.getLong(1), queue, JobStatus.valueOf(r.getString(5)), r.getString(2),
                                r.getLong(3), Optional.ofNullable(r.getString(4))));
                    }
                }
            }
            return rows;
        });
    }

    /** How many jobs of every queue are in each status. */
    synchronized Map<JobStatus, Long> depth() {
        return run(() -> {
            Map<JobStatus, Long> depth = new EnumMap<>(JobStatus.class);
            for (JobStatus status : JobStatus.values()) {
                depth.put(status, 0L);
            }
            try (PreparedStatement p = db.connection().prepareStatement("SELECT status, count(*) FROM jobs GROUP BY status");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    depth.put(JobStatus.valueOf(r.getString(1)), r.getLong(2));
                }
            }
            return depth;
        });
    }

    /** Deletes a job of the queue in any status; false if there is none. */
    synchronized boolean deleteJob(String queue, long id) {
        return run(() -> {
            requireQueue(queue);
            return update("DELETE FROM jobs WHERE id = ? AND queue = ?", id, queue) > 0;
        });
    }

    /** Turns an ERROR job back into a READY one with a fresh timestamp; false if there is no such job. */
    synchronized boolean readyAgain(String queue, long id, long now) {
        return run(() -> {
            requireQueue(queue);
            return update("UPDATE jobs SET status = 'READY', error = NULL, enqueued = ?"
                    + " WHERE id = ? AND queue = ? AND status = 'ERROR'", now, id, queue) > 0;
        });
    }

    /** Every READY job, oldest first: what a previous run left undelivered. */
    synchronized List<Waiting> waiting() {
        return run(() -> {
            List<Waiting> all = new ArrayList<>();
            try (PreparedStatement p = db.connection().prepareStatement("SELECT queue, id FROM jobs WHERE status = 'READY'"
                    + " ORDER BY id"); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    all.add(new Waiting(r.getString(1), r.getLong(2)));
                }
            }
            return all;
        });
    }

    /** The READY job with its queue's target, if it is still there (not cancelled, queue not deleted). */
    synchronized Optional<Parcel> parcel(long id) {
        if (db.isClosed()) {
            return Optional.empty();
        }
        return run(() -> {
            try (PreparedStatement p = db.connection().prepareStatement("SELECT j.queue, q.target, q.secret, q.retries, j.body"
                    + " FROM jobs j JOIN queues q ON q.name = j.queue WHERE j.id = ? AND j.status = 'READY'")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    int count = r.getInt(4);
                    OptionalInt retries = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(count);
                    return Optional.of(new Parcel(id, r.getString(1), URI.create(r.getString(2)),
                            Optional.ofNullable(r.getString(3)), retries, r.getString(5)));
                }
            }
        });
    }

    /** A delivered job is deleted. */
    synchronized void delivered(long id) {
        if (!db.isClosed()) {
            run(() -> update("DELETE FROM jobs WHERE id = ?", id));
        }
    }

    /** A job whose deliveries all failed is listed as ERROR with the last reason. */
    synchronized void failed(long id, String reason) {
        if (!db.isClosed()) {
            run(() -> update("UPDATE jobs SET status = 'ERROR', error = ? WHERE id = ? AND status = 'READY'",
                    reason, id));
        }
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    private void requireQueue(String name) throws SQLException {
        try (PreparedStatement p = db.connection().prepareStatement("SELECT 1 FROM queues WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw HyperException.of(Fact.STORE_NOT_FOUND);
                }
            }
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        return db.update(sql, args);
    }

    private <T> T run(SqliteFile.Work<T> work) {
        return db.run(work);
    }

    /** Runs {@code work} in one transaction, committed before this returns. */
    private <T> T transaction(SqliteFile.Work<T> work) {
        return db.transaction(work);
    }
}
