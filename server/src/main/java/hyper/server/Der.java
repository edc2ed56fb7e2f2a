package hyper.server;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690), and a reader just good enough to
 * unwrap a PEM private key. The JDK parses certificates but has no public API to make one; this is the part
 * of that which hyper-nano needs for a local certificate authority, and nothing more.
 */
final class Der {

    private Der() {}

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int BOOLEAN = 0x01;

    /** A tag-length-value: {@code tag}, the definite length of {@code content}, {@code content}. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int start = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - start));
            out.write(bytes, start, bytes.length - start);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... items) {
        return tlv(SEQUENCE, concat(items));
    }

    static byte[] set(byte[]... items) {
        return tlv(SET, concat(items));
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0)});
    }

    static byte[] nul() {
        return tlv(NULL, new byte[0]);
    }

    static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    static byte[] bitString(byte[] content) {
        byte[] withPadding = new byte[content.length + 1];
        System.arraycopy(content, 0, withPadding, 1, content.length);
        return tlv(BIT_STRING, withPadding);
    }

    /** A named-bit BIT STRING (key usage): bit 0 is the most significant bit of the first byte. */
    static byte[] namedBits(int... bits) {
        int highest = Arrays.stream(bits).max().orElse(0);
        byte[] content = new byte[highest / 8 + 1];
        for (int bit : bits) {
            content[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        int unused = 7 - highest % 8;
        byte[] withUnused = new byte[content.length + 1];
        withUnused[0] = (byte) unused;
        System.arraycopy(content, 0, withUnused, 1, content.length);
        return tlv(BIT_STRING, withUnused);
    }

    static byte[] utf8(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An OBJECT IDENTIFIER from its dotted form ({@code 1.2.840.10045.2.1}). */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, new BigInteger(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, BigInteger value) {
        int groups = Math.max(1, (value.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = value.shiftRight(7 * i).intValue() & 0x7f;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    /** A certificate validity time: UTCTime until 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
    static byte[] time(ZonedDateTime at) {
        ZonedDateTime utc = at.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return tlv(UTC_TIME, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [tag]} EXPLICIT: the context-specific constructed wrapper around {@code content}. */
    static byte[] explicit(int tag, byte[] content) {
        return tlv(0xa0 | tag, content);
    }

    /** {@code [tag]} IMPLICIT of a primitive type: the context-specific tag with {@code content}'s bytes. */
    static byte[] implicitPrimitive(int tag, byte[] content) {
        return tlv(0x80 | tag, content);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One element read from DER bytes: its tag, and where its content and the whole element are. */
    record Element(byte[] source, int tag, int contentStart, int end) {

        byte[] content() {
            return Arrays.copyOfRange(source, contentStart, end);
        }

        /** The whole tag-length-value. */
        byte[] encoded(int start) {
            return Arrays.copyOfRange(source, start, end);
        }
    }

    /** Reads the element at {@code offset}; throws {@link IllegalArgumentException} on malformed input. */
    static Element read(byte[] source, int offset) {
        if (offset + 2 > source.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = source[offset] & 0xff;
        int first = source[offset + 1] & 0xff;
        int position = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 3 || position + count > source.length) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (source[position++] & 0xff);
            }
        }
        if (position + length > source.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(source, tag, position, position + length);
    }
}
