/**
 * The data port on MongoDB's wire protocol: by default an embedded mongo-java-server persisting to an H2
 * MVStore file, or any MongoDB given by a connection string.
 */
module hyper.data {
    requires hyper.core;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    requires de.bwaldvogel.mongo.server; // core + H2 backend, merged (see third-party/mongo-java-server-bundle)
    requires com.h2database;             // the MVStore the embedded engine writes to
    requires io.netty.transport;         // a type in the signature of the backend method we override
    requires io.netty.buffer;            // the buffers of mongo-java-server's BSON codec, for the stored documents

    exports hyper.data;

    provides hyper.core.engine.DataProvider with hyper.data.MongoDataProvider;
}
