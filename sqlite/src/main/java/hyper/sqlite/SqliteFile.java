package hyper.sqlite;

import hyper.core.HyperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite database file on one connection. Not thread-safe: its owner calls it under its own lock, which
 * also keeps a transaction's statements together.
 *
 * <p>Every failure leaves as a {@link HyperException}: DISK_FULL when SQLite or the system says the disk is
 * full (the write was rolled back, so nothing half-stored is acknowledged), FAILED otherwise; the SQL text
 * goes to the log only.
 */
public final class SqliteFile implements AutoCloseable {

    /** Work on the connection that may throw SQL's checked exception. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final String name;
    private final Connection db;
    /** Prepared statements by SQL text, kept for the life of the connection. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean closed;

    private SqliteFile(String name, Connection db) {
        this.name = name;
        this.db = db;
    }

    /**
     * Opens (creating if needed) the database at {@code file} in WAL mode and runs {@code schema}, statements
     * that must be repeatable ({@code CREATE TABLE IF NOT EXISTS ...}).
     *
     * @param name what the file holds, for messages: {@code cache}, {@code queue}
     */
    public static SqliteFile open(Path file, String name, String... schema) {
        Connection db = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                // WAL with synchronous=NORMAL survives kill -9 of the process (not a power cut) at a
                // fraction of FULL's cost; busy_timeout covers a second process opening the file.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                for (String statement : schema) {
                    s.execute(statement);
                }
            }
            return new SqliteFile(name, db);
        } catch (Exception e) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw HyperException.ioFailure("cannot open " + name + " database " + file, e);
        }
    }

    /** The connection, for statements with result sets; call it inside {@link #run} or {@link #transaction}. */
    public Connection connection() {
        return db;
    }

    /**
     * The prepared statement of {@code sql}, compiled on first use and kept: SQLite compiles the SQL text on
     * every prepare, which costs more than running a small statement. Set every parameter before each use.
     */
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = db.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    /** Runs an INSERT, UPDATE or DELETE with these parameters; the number of rows it changed. */
    public int update(String sql, Object... args) throws SQLException {
        PreparedStatement p = statement(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p.executeUpdate();
    }

    /** Runs {@code work} on its own (auto-commit), turning SQL failures into the core's facts. */
    public <T> T run(Work<T> work) {
        if (closed) {
            throw HyperException.failed(name + " database is closed", null);
        }
        try {
            return work.run();
        } catch (SQLException e) {
            if (isDiskFull(e)) {
                throw HyperException.diskFull(name + " database: " + e.getMessage(), e);
            }
            throw HyperException.failed(name + " database failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction, committed before this returns, or rolled back if it throws. */
    public <T> T transaction(Work<T> work) {
        return run(() -> {
            db.setAutoCommit(false);
            T result;
            try {
                result = work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                undo(e);
                throw e;
            }
            db.setAutoCommit(true);
            return result;
        });
    }

    /**
     * SQLite's "database or disk is full", or the system's ENOSPC under another SQLite error: a write that
     * failed for want of space, which may succeed once space is freed.
     */
    public static boolean isDiskFull(SQLException e) {
        return (e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_FULL)
                || HyperException.isDiskFull(e);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            db.close(); // closes the prepared statements too
        } catch (SQLException e) {
            throw HyperException.failed("cannot close " + name + " database", e);
        }
    }

    /**
     * Rolls back the transaction that {@code failure} ended and returns to auto-commit. SQLite rolls back by
     * itself on some errors (SQLITE_FULL among them), so what fails here is only added to the failure.
     */
    private void undo(Exception failure) {
        try {
            db.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
