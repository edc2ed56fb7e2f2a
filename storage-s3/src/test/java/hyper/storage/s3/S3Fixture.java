package hyper.storage.s3;

import hyper.core.engine.EngineSettings;
import hyper.core.storage.StoragePort;
import hyper.testing.S3ProxyServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Opening the adapter on a test's S3Proxy, and a client of the test's own to look at what it left there. */
final class S3Fixture {

    private S3Fixture() {}

    static StoragePort open(String url, String prefix) {
        return new S3StorageProvider().open(new EngineSettings(URI.create(url), Path.of("."), Clock.systemUTC(),
                prefix, Duration.ofSeconds(5)));
    }

    static S3Client peek(S3ProxyServer s3) {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(s3.endpoint()))
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }
}
