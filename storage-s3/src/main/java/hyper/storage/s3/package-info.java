/** The storage port on S3: buckets as S3 buckets or key prefixes, objects as S3 objects, presigned URLs. */
package hyper.storage.s3;
