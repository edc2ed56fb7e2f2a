/** Buckets as folders and objects as files, written atomically and kept inside their bucket. */
package hyper.storage;
