package hyper.storage.s3;

import hyper.core.HyperException;
import hyper.core.engine.EngineSettings;
import hyper.core.engine.StorageProvider;
import hyper.core.storage.StoragePort;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The storage on an S3 service ({@code --storage-url s3://ACCESS:SECRET@host:port?region=R&tls=false}, see
 * {@link S3Endpoint}). Opening connects and proves the credentials (listing the buckets, or looking at the one
 * bucket named by {@code ?bucket=}), so that a wrong URL stops the server before it answers.
 */
public final class S3StorageProvider implements StorageProvider {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Between two packets of one response: long enough for a slow multi-gigabyte transfer to go on. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public StoragePort open(EngineSettings settings) {
        S3Endpoint endpoint = S3Endpoint.parse(settings.url());
        String where = endpoint.redacted();
        String prefix = settings.prefix();
        if (endpoint.bucket().isEmpty() && !prefix.isEmpty() && !prefix.matches("[a-z0-9][a-z0-9.-]{0,50}")) {
            throw new IllegalArgumentException("--prefix '" + prefix + "' cannot begin S3 bucket names (lower-case"
                    + " letters, digits, dots and hyphens); or keep every bucket in one with ?bucket=NAME");
        }
        Region region = Region.of(endpoint.region());
        AwsCredentialsProvider credentials = endpoint.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoint.accessKey().get(),
                        endpoint.secretKey().get()))
                : DefaultCredentialsProvider.builder().build();
        // A host of one's own (MinIO, Ceph, S3Proxy ...) is addressed by path; AWS by virtual host.
        boolean pathStyle = endpoint.host().isPresent();
        S3ClientBuilder client = S3Client.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .forcePathStyle(pathStyle)
                // checksums only where S3 requires them: S3-compatible services differ in the newer ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        S3Presigner.Builder presigner = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpoint.endpoint().ifPresent(uri -> {
            client.endpointOverride(uri);
            presigner.endpointOverride(uri);
        });
        S3Client s3 = client.build();
        try {
            if (endpoint.bucket().isPresent()) {
                s3.headBucket(b -> b.bucket(endpoint.bucket().get()));
            } else {
                s3.listBuckets();
            }
        } catch (SdkClientException e) {
            s3.close();
            throw HyperException.unavailable("cannot reach the storage engine at " + where + ": " + rootMessage(e), e);
        } catch (S3Exception e) {
            s3.close();
            if (e.statusCode() == 404) {
                throw new IllegalArgumentException("the storage engine at " + where + " has no bucket '"
                        + endpoint.bucket().orElse("") + "'", e);
            }
            throw new IllegalArgumentException("the storage engine at " + where + " refused hyper-nano: "
                    + (e.statusCode() == 403 ? "wrong access key or secret (403)" : e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())), e);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return new S3Storage(s3, presigner.build(), new BucketLayout(endpoint.bucket(), prefix), region, where);
    }

    /** What the system said ("Connection refused"), not the SDK's wrapping of it. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; depth < 10 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
