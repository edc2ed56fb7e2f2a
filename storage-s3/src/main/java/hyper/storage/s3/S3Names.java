package hyper.storage.s3;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.HyperException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The name rules of the S3 adapter: the object path rules every storage engine of hyper-nano keeps (so a name
 * refused on the file system is refused here too), and S3's own limits, refused before S3 sees them.
 */
final class S3Names {

    /** Names the adapter uses for its own keys (uploads waiting for their name). */
    static final String RESERVED_PREFIX = ".hyper-";
    /** The longest name segment, as on the file system. */
    private static final int MAX_SEGMENT_BYTES = 255;
    /** S3's longest key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private S3Names() {}

    /** S3's bucket naming rules (general purpose buckets). */
    static boolean validBucket(String name) {
        return BUCKET.matcher(name).matches() && !name.contains("..") && !name.contains(".-")
                && !name.contains("-.") && !IP_ADDRESS.matcher(name).matches() && !name.startsWith("xn--")
                && !name.startsWith("sthree-") && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3");
    }

    /**
     * Checks an object path: not empty, no {@code ..}, backslash or NUL, no empty or {@code .} segment, no
     * segment starting with {@link #RESERVED_PREFIX} or longer than 255 bytes.
     */
    static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw HyperException.refused("object name is required");
        }
        if (path.contains("..") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw HyperException.of(Fact.PATH_RELATIVE);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                throw HyperException.of(Fact.PATH_RELATIVE);
            }
            checkSegment(segment);
        }
    }

    /** A bucket name or path segment: not reserved, at most 255 bytes. */
    static void checkSegment(String segment) {
        if (segment.startsWith(RESERVED_PREFIX)) {
            throw new HyperException(Reason.BAD_REQUEST, Fact.NAME_RESERVED, RESERVED_PREFIX, null);
        }
        if (bytes(segment) > MAX_SEGMENT_BYTES) {
            throw tooLong();
        }
    }

    /** A key S3 cannot hold (over 1024 bytes): the same 400 as a segment too long. */
    static String checkKey(String key) {
        if (bytes(key) > MAX_KEY_BYTES) {
            throw tooLong();
        }
        return key;
    }

    /** Whether a key in a listing is one of the adapter's own (an upload waiting for its name). */
    static boolean isReserved(String path) {
        return path.startsWith(RESERVED_PREFIX) || path.contains("/" + RESERVED_PREFIX);
    }

    static HyperException invalidBucket() {
        return new HyperException(Reason.BAD_REQUEST, Fact.NAME_INVALID, "", null);
    }

    private static HyperException tooLong() {
        return new HyperException(Reason.BAD_REQUEST, Fact.NAME_TOO_LONG, "", null);
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
