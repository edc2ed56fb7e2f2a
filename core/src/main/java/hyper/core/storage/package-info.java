/** The storage port: buckets of binary objects. */
package hyper.core.storage;
