package hyper.search.opensearch;

import hyper.core.search.IndexName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The engine's names of one hyper index. OpenSearch index names are lower case and exclude many characters,
 * while hyper names are case-sensitive and nearly free, so the name is encoded: lower-case letters and digits
 * stay, every other byte of its UTF-8 becomes {@code _xx} (so {@code Films} is {@code _46ilms} and no two
 * names meet; '-' too, so that {@code <prefix>-<name>} cannot be read two ways when a prefix has a '-').
 * An encoding too long for the engine (255 bytes) is cut and ends in {@code .} and a hash of the name.
 *
 * @param index the index, {@code <prefix>-<encoded name>}
 * @param writeAlias the alias writes go through, {@code <index>.write}: a write with {@code require_alias}
 *     fails on a missing index instead of creating one with guessed mappings
 */
record IndexNames(String index, String writeAlias) {

    /** OpenSearch's limit on an index name, in bytes. */
    private static final int MAX_BYTES = 255;
    private static final String WRITE = ".write";
    private static final int HASH_HEX = 32;

    static IndexNames of(String prefix, IndexName name) {
        String encoded = encode(name.value());
        String index = prefix + "-" + encoded;
        if (index.length() + WRITE.length() > MAX_BYTES) {
            int keep = MAX_BYTES - WRITE.length() - 1 - HASH_HEX - prefix.length() - 1;
            index = prefix + "-" + encoded.substring(0, keep) + "." + hash(name.value());
        }
        return new IndexNames(index, index + WRITE);
    }

    /** The pattern that finds every index of {@code prefix} (and some others, which {@link #isOwn} tells). */
    static String pattern(String prefix) {
        return prefix + "-*";
    }

    /** Whether {@code index} has a name this adapter gives with {@code prefix}: no '-' after the prefix's. */
    static boolean isOwn(String prefix, String index) {
        return index.startsWith(prefix + "-") && index.indexOf('-', prefix.length() + 1) < 0;
    }

    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append((char) c);
            } else {
                out.append('_').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return out.toString();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
