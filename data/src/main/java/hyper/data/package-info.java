/**
 * {@link hyper.data.MongoData}, the data port on MongoDB's wire protocol: the embedded engine
 * ({@link hyper.data.EmbeddedMongo}) by default, or any MongoDB given by a connection string.
 */
package hyper.data;
