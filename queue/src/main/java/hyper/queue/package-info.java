/**
 * {@link hyper.queue.SqliteQueue}, the queue port on SQLite: jobs are durable before they are
 * acknowledged, and a courier delivers them to each queue's target.
 */
package hyper.queue;
