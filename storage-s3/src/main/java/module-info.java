/**
 * The storage port on S3 ({@code --storage-url s3://...}). Exports nothing: the server finds
 * {@link hyper.storage.s3.S3StorageProvider} through {@code provides}.
 */
module hyper.storage.s3 {
    requires hyper.core;
    // The AWS SDK's jars are automatic modules; the explicit module they use is required here so that it
    // resolves even when the launch does not add the whole module path.
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.utils;
    requires org.slf4j;

    provides hyper.core.engine.StorageProvider with hyper.storage.s3.S3StorageProvider;
}
