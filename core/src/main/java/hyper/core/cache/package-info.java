/** The cache port: stores of JSON values by key, with time to live. */
package hyper.core.cache;
