/** The queue port: jobs delivered to a webhook. */
package hyper.core.queue;
