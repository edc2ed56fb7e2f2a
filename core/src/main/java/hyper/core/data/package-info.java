/** The data port: JSON documents with MongoDB-style queries. */
package hyper.core.data;
