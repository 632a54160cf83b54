package io.github.clarifais3sync.storage;

import java.net.URI;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Where an object's URL points, as the AWS SDK's S3 endpoint rules put it for a GET: virtual-hosted style
 * ({@code https://BUCKET.s3.REGION.amazonaws.com/KEY}) for bucket names that are valid host labels, path style
 * ({@code https://s3.REGION.amazonaws.com/BUCKET/KEY}) for the others, e.g. names with dots, and path style on an
 * endpoint override (emulators serve buckets by path).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 *
 * @param base   scheme, host and port: the regional endpoint or the override
 * @param region the region requests are signed for
 * @param forcePathStyle whether every bucket goes in the path
 */
public record S3Endpoint(URI base, String region, boolean forcePathStyle) {

    /** A bucket name that can be a DNS label: lowercase letters, digits and hyphens, 3-63 long, no IP address. */
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    /**
     * AWS's S3 endpoint for the region, in its partition (amazonaws.com, amazonaws.com.cn, ...); for us-east-1 the
     * global {@code s3.amazonaws.com}, as the SDK's S3 client sends there by default.
     */
    public static S3Endpoint regional(Region region) {
        String host = Region.US_EAST_1.equals(region)
                ? "s3.amazonaws.com"
                : "s3." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix();
        return new S3Endpoint(URI.create("https://" + host), region.id(), false);
    }

    /** An endpoint override (an emulator, LocalStack, an S3-compatible store): buckets in the path. */
    public static S3Endpoint override(URI endpoint, Region region) {
        return new S3Endpoint(endpoint, region.id(), true);
    }

    /** The object's URL, key percent-encoded as S3 expects (slashes kept), without query. */
    public URI objectUri(String bucket, String key) {
        String path = "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        String basePath = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
        if (!forcePathStyle
                && HOST_LABEL.matcher(bucket).matches()
                && !IP_ADDRESS.matcher(bucket).matches()) {
            return URI.create(base.getScheme() + "://" + bucket + "." + base.getRawAuthority() + basePath + path);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + "/"
                + SdkHttpUtils.urlEncode(bucket) + path);
    }
}
