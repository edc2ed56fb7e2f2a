/**
 * The queue port on SQLite: jobs are stored in one database file before they are acknowledged, and an
 * in-process courier POSTs them to each queue's target with {@code java.net.http}.
 */
module hyper.queue {
    requires hyper.core;
    requires hyper.sqlite;
    requires hyper.queue.delivery;
    requires com.fasterxml.jackson.databind;

    exports hyper.queue;

    provides hyper.core.engine.QueueProvider with hyper.queue.SqliteQueueProvider;
}
