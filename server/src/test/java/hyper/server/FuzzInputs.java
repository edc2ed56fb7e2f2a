package hyper.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The catalogue of client mistakes the route fuzzer draws from: names, keys, query strings, headers and
 * bodies, each from a {@link Random} so a seed replays a whole run. Path segments, query strings and header
 * lines are returned as they go on the wire (one char per byte, see {@link RawHttp#bytesAsText}); bodies as
 * bytes. Most inputs are nearly right, so that they get past the first check and reach the engines.
 */
final class FuzzInputs {

    private FuzzInputs() {}

    // ---- choosing

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    @SafeVarargs
    static <T> T pick(Random r, T... items) {
        return items[r.nextInt(items.length)];
    }

    static boolean chance(Random r, int percent) {
        return r.nextInt(100) < percent;
    }

    // ---- text

    /** Characters that have broken parsers, file systems and regexes before. */
    private static final String NASTY_CHARS = "\u0000\u0001\u0007\b\t\n\u000B\f\r\u001B\u007F\u0085\u00A0\u00AD"
            + "\u200B\u200E\u202E\u2028\u2029\uFEFF\uFFFD\uFFFF\uD800\uDBFF\uDC00\uDFFF"
            + " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + "éßø€日本語𝄞😀İı" + "aAzZ09";

    /** Up to {@code max} characters, each a letter or one of {@link #NASTY_CHARS}. */
    static String text(Random r, int max) {
        int length = r.nextInt(max + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(chance(r, 40) ? (char) ('a' + r.nextInt(26))
                    : NASTY_CHARS.charAt(r.nextInt(NASTY_CHARS.length())));
        }
        return s.toString();
    }

    private static final List<String> ODD_STRINGS = List.of(
            "", " ", "\u0000", "a\u0000b", "\uD800", "x\uDC00", "\uD83D\uDE00", "\u202Eevil", "\uFEFF", "\r\n",
            "..", "../../etc/passwd", "..\\..\\windows", "%00", "%2e%2e", "*", "%", "_", "[", "(", "\\", "'", "\"",
            "$where", "$gt", "__proto__", "constructor", "null", "true", "0", "-1", "NaN", "1e400", "${x}",
            "<script>", "\u00e9t\u00e9", "日本語", "İ", "a".repeat(300), "é".repeat(3000), "x".repeat(70_000));

    static String oddString(Random r) {
        return chance(r, 60) ? pick(r, ODD_STRINGS) : text(r, 40);
    }

    /** {@code text} percent-encoded as UTF-8 (a lone surrogate as its three careless bytes). */
    static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : RawHttp.utf8(text)) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    // ---- names and keys (one path segment, as sent)

    private static final List<String> TRAVERSAL = List.of(
            "..", ".", "...", "%2e%2e", "%2E", "%2e", "..%2F..%2Fcache.db", "%2e%2e%2fseeded", "..%5C..", "%5C",
            "a%2Fb", "%2F", "seeded%2F..", "%c0%ae%c0%ae", "%252e%252e", "%EF%BC%8E%EF%BC%8E", "~", "..;",
            ".%00.", "seeded%00", "%00", "%2e%2e%5c%2e%2e", "..%00", "%2F%2F", ".hyper-upload-x", ".hyper-deleting-x");

    private static final List<String> RESERVED = List.of(
            "meta-cl1ld3td500003e68rc2f8o6x", "_query", "_bulk", "_index", "_cancel", "_retry", "admin", "local",
            "config", "system.indexes", "%24cmd", "CON", "NUL", "aux", "COM1", "LPT1", "__hyper__", "cache.db",
            "storage", "mongoms", "hyper-search.db", "hyper-queue.db", ".git", "__proto__", "constructor", "null",
            "undefined", "health", "data", "-", "_", "~", "0", "-1", "hyper", "search", "queue");

    private static final List<String> ODD_ENCODINGS = List.of(
            "%", "%%", "%G1", "%2", "%E0%A4%A", "%ED%A0%80", "%ED%B0%80x", "%FF", "%C0%AF", "%F4%90%80%80",
            "%u002e", "+", "%20", "%09", "%0D%0A", "%7F", "%01", "a%00b", "%2B", ";", ";a=b", "a;b", "%3B", "%3F",
            "%23", "%25", "%2525", "[", "]", "|", "^", "`", "{", "}", "\"", "<", ">", "\\", "a b", "a\tb",
            "%EF%BF%BF", "%EF%BB%BF", "%E2%80%AE");

    /**
     * A store name (one path segment) for a route whose seeded store is {@code seeded}: the seeded store,
     * a fresh one, or, when {@code odd}, also a mistake (traversal, reserved, odd encoding, unicode, very
     * long, random).
     */
    static String name(Random r, String seeded, boolean odd) {
        if (!odd) {
            return chance(r, 75) ? seeded : "fz" + r.nextInt(8);
        }
        return switch (r.nextInt(9)) {
            case 0 -> pick(r, seeded.toUpperCase(), "Seeded", seeded + "%20", "%20" + seeded, seeded + "+");
            case 1, 2 -> pick(r, TRAVERSAL);
            case 3 -> pick(r, RESERVED);
            case 4, 5 -> pick(r, ODD_ENCODINGS);
            case 6 -> longName(r);
            // raw bytes in the request line, but no line break, which would end it
            case 7 -> chance(r, 70) ? percentEncoded(text(r, 12))
                    : RawHttp.bytesAsText(text(r, 8).replace("\r", "").replace("\n", ""));
            default -> percentEncoded(oddString(r));
        };
    }

    private static String longName(Random r) {
        String unit = pick(r, "a", "%C3%A9", "%F0%9F%98%80", "A");
        return unit.repeat(pick(r, 254, 255, 256, 1024, 1025, 4097, 3000));
    }

    /** A key or id (one segment) for a route whose seeded items are {@code seeded}; a mistake if {@code odd}. */
    static String key(Random r, List<String> seeded, boolean odd) {
        if (!odd) {
            return chance(r, 60) ? pick(r, seeded) : "fzk" + r.nextInt(8);
        }
        return switch (r.nextInt(10)) {
            case 0, 1, 2 -> pick(r, seeded);
            case 3 -> "fzk" + r.nextInt(8);
            case 4 -> pick(r, "A", "1abc", "a.b", "a:b", "a$+~_-9", "a%2Fb", "a%2Fb%2F..%2Fc", "ab%2F", "a%20b",
                    "a+b", "%24", "%24set", "_id", "_query");
            case 5 -> pick(r, TRAVERSAL);
            case 6 -> pick(r, ODD_ENCODINGS);
            case 7 -> longName(r);
            default -> percentEncoded(oddString(r));
        };
    }

    /** A queue job id, as the cancel and retry routes take it; a mistake if {@code odd}. */
    static String jobId(Random r, List<String> seeded, boolean odd) {
        if (!odd) {
            return seeded.isEmpty() || chance(r, 30) ? String.valueOf(r.nextInt(50)) : pick(r, seeded);
        }
        return chance(r, 40) ? key(r, seeded, true)
                : pick(r, "1", "0", "-1", "99999999999999999999", "9223372036854775807", "9223372036854775808",
                "1.5", "1e3", "0x1", "%201", "1%00", "01", "+1", "NaN", "Infinity");
    }

    /**
     * A storage object path (any number of segments) for a bucket whose seeded objects are {@code seeded};
     * a mistake if {@code odd}.
     */
    static String objectPath(Random r, List<String> seeded, boolean odd) {
        if (!odd) {
            return chance(r, 50) ? pick(r, seeded) : pick(r, "fz/", "", "fz/deeper/") + "o" + r.nextInt(8) + ".txt";
        }
        return switch (r.nextInt(10)) {
            case 0, 1, 2 -> pick(r, seeded);
            case 3 -> "fz/" + "o" + r.nextInt(8) + ".txt";
            case 4 -> pick(r, "a/../b", "./x", "a//b", "x/", "a/./b", "..", "../seeded/known.txt", "%2e%2e/x",
                    "a%2Fb", ".hyper-upload-1", "dir/.hyper-x", "a..b.txt", "folder", "folder/", "known.txt/x",
                    "a\\b", "a%5Cb", "%00", "a%00.txt", "con.txt", "a.tar.gz", ".", "~", "a;b.txt", "a%3Fb");
            case 5 -> String.join("/", java.util.Collections.nCopies(pick(r, 2, 50, 200), "d"));
            case 6 -> longName(r) + pick(r, "", ".txt");
            case 7 -> key(r, seeded, true) + "/" + key(r, seeded, true);
            default -> percentEncoded(oddString(r)) + pick(r, "", ".bin", "/x");
        };
    }

    // ---- query strings

    /**
     * A query string (without {@code ?}), empty for none, with some of the route's parameters {@code params};
     * when {@code odd}, odd values and noise too: a name without {@code =}, repeats, brackets, odd encodings.
     */
    static String query(Random r, List<String> params, boolean odd) {
        if (!odd) {
            List<String> items = new ArrayList<>();
            for (String name : params) {
                if (chance(r, 50)) {
                    items.add(name + "=" + percentEncoded(plausible(r, name)));
                }
            }
            return String.join("&", items);
        }
        Function<String, String> value = name -> queryValue(r, name);
        if (chance(r, 10)) {
            return "";
        }
        List<String> items = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = params.isEmpty() || chance(r, 15) ? pick(r, "x", "a[b]", "%ZZ", "", "a%00", "__proto__")
                    : pick(r, params);
            switch (r.nextInt(20)) {
                case 0, 1 -> items.add(name);
                case 2, 3 -> items.add(name + "=");
                case 4, 5 -> {
                    items.add(name + "=" + value.apply(name));
                    items.add(name + "=" + value.apply(name));
                }
                case 6 -> items.add(name + "[]=" + value.apply(name));
                case 7 -> items.add(pick(r, "&", "=", "==", "%", "%ZZ=1", name + "=%ED%A0%80", name + "=%",
                        name + "==x", ";", name + "=a;b", name + "=%FF", name + "=" + RawHttp.bytesAsText("é"), name + "=a+b",
                        name + "=" + "9".repeat(5000)));
                default -> items.add(name + "=" + value.apply(name));
            }
        }
        return String.join("&", items);
    }

    /** A value a client would send for query parameter {@code name} (not encoded). */
    private static String plausible(Random r, String name) {
        return switch (name) {
            case "limit" -> String.valueOf(r.nextInt(5));
            case "ttl" -> pick(r, "10s", "1h", "2 days", "5000");
            case "status" -> pick(r, "READY", "ERROR");
            case "pattern" -> pick(r, "*", "a*", "alpha", "*a*");
            case "descending" -> pick(r, "true", "false");
            case "keys" -> pick(r, "doc-1,doc-2", "doc-1");
            case "startkey", "endkey" -> pick(r, "doc-1", "doc-2", "a");
            case "useSignedUrl" -> "false";
            case "cursor" -> pick(r, "ZG9jLTI", "YmV0YQ", "czI", "Mg"); // doc-2, beta, s2, 2
            case "prefix" -> pick(r, "", "folder/", "k");
            case "delimiter" -> "/";
            default -> "x";
        };
    }

    /** A value for query parameter {@code name} (encoded), from that parameter's catalogue. */
    static String queryValue(Random r, String name) {
        String v = switch (name) {
            case "limit", "skip" -> number(r);
            case "ttl" -> pick(r, "10s", "1h", "-1", "0", "1e309y", "300000000y", "NaN", "Infinityms", "1.5 days",
                    "10 parsecs", " 1s", "1s ", "", "0x10", "9".repeat(400), "1" + "0".repeat(30) + "ms");
            case "status" -> pick(r, "READY", "ERROR", "ready", "ERROR ", "", "DONE", "READY,ERROR", "%00");
            case "pattern" -> pick(r, "*", "%", "_", "**", "[", "\\", "a*b*", "*a*", "'", "\"", "%_%", "a\u0000",
                    "*".repeat(2000), "(?<x>", "\\*", "[a-");
            case "descending" -> pick(r, "true", "false", "0", "1", "TRUE", "yes", "", "null");
            case "keys" -> pick(r, "alpha,beta", ",", ",,,", "a".repeat(2000), "alpha,alpha", "%00", "\u0000,x");
            case "startkey", "endkey" -> pick(r, "alpha", "", "\uFFFF", "\u0000", "zzzz", "a".repeat(3000));
            case "useSignedUrl" -> pick(r, "true", "false", "1", "");
            default -> oddString(r);
        };
        return chance(r, 85) ? percentEncoded(v) : RawHttp.bytesAsText(v);
    }

    static String number(Random r) {
        return pick(r, "0", "-0", "-1", "1", "1.5", "25", "1e400", "-1e400", "1e-400", "9223372036854775807",
                "9223372036854775808", "-9223372036854775809", "1e308", "4.9e-324", "2147483648", "NaN", "Infinity",
                "-Infinity", "0x10", "01", "1.", ".5", "1e", " 3 ", "3abc", "١٢", "1_000", "");
    }

    // ---- headers

    static final List<String> JSON_TYPES = List.of(
            "application/json", "application/json", "application/json; charset=utf-8", "text/plain",
            "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; charset=bogus",
            "application/json;;;", ";;;===;", "*/*", "", "multipart/form-data", "multipart/form-data; boundary=x",
            "application/xml", "APPLICATION/JSON", "application/json; charset=\"", "\u0001", "a".repeat(5000));

    /**
     * Headers a client might send with any request: legacy GET and, when {@code odd}, Accept, Range,
     * encodings, junk.
     */
    static List<String> headers(Random r, boolean odd) {
        List<String> headers = new ArrayList<>();
        if (!odd) {
            if (chance(r, 30)) {
                headers.add("X-HYPER-LEGACY-GET: " + pick(r, "true", "false"));
            }
            return headers;
        }
        int count = 1 + r.nextInt(2);
        for (int i = 0; i < count; i++) {
            headers.add(switch (r.nextInt(9)) {
                case 0 -> "X-HYPER-LEGACY-GET: " + pick(r, "", "true", "false", "TRUE", " true ", "0", "\u0001");
                case 1 -> "Accept: " + pick(r, "application/json", "*/*", "text/html", "image/*;q=0", "\u00ff\u00fe",
                        "");
                case 2 -> "Range: " + pick(r, "bytes=0-0", "bytes=-0", "bytes=5-1", "bytes=99999999999999999999-",
                        "bytes=-", "bytes=0-1,2-3", "items=0-1", "bytes=--1", "bytes=-99999999999999999999",
                        "bytes=1-");
                case 3 -> "Content-Encoding: " + pick(r, "gzip", "deflate", "br", "identity", "x-unknown",
                        "gzip, gzip");
                case 4 -> "Origin: " + pick(r, "http://localhost:3000", "null", "http://evil.example", "",
                        "http://127.0.0.1");
                case 5 -> "Authorization: " + pick(r, "null", "Bearer x", "Basic %%%", "");
                case 6 -> "Expect: " + pick(r, "100-continue", "200-ok", "");
                default -> pick(r, "X-Fuzz: \u0001", "X-Fuzz: " + RawHttp.bytesAsText("é€"), "X-Fuzz: \u00ff",
                        "X-Fuzz: " + "a".repeat(9000), "X Fuzz: 1", "X-Fuzz:", "X-Fuzz:  ", "X-Fuzz: a\tb",
                        "If-None-Match: *", "Cookie: a=" + "b".repeat(3000), "Accept-Charset: utf-7",
                        "Access-Control-Request-Headers: x", "X-Forwarded-For: ::1", "Content-Type: text/plain");
            });
        }
        return headers;
    }

    // ---- JSON

    /** A JSON token written verbatim (possibly invalid). */
    record Raw(String json) {}

    /** A JSON object whose members are written in order, repeated names included. */
    record Members(List<Map.Entry<String, Object>> entries) {}

    private static final List<String> ODD_NUMBERS = List.of(
            "0", "-0", "-1", "1.5", "1e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "1e308", "4.9e-324", "2147483648", "-2147483649", "1" + "0".repeat(400),
            "0.1e1", "1E+2", "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "1e", "0x10", "+1", "--1");

    /** An odd JSON value: wrong type, edge number, odd string, empty or deep container. */
    static Object oddValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> oddString(r);
            case 1, 2 -> new Raw(pick(r, ODD_NUMBERS));
            case 3 -> pick(r, true, false);
            case 4 -> null;
            case 5 -> list(oddScalar(r), oddScalar(r));
            case 6 -> new ArrayList<>();
            case 7 -> new LinkedHashMap<String, Object>();
            case 8 -> new Raw(deep(r));
            case 9 -> member(pick(r, "$gt", "", "a.b", "$where", "_id", "\u0000", "__proto__"), oddScalar(r));
            case 10 -> new Members(List.of(Map.entry("a", 1), Map.entry("a", 2)));
            default -> new Raw(pick(r, "1e400", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"", "\"\u0001\"",
                    "\"\\x41\"", "'single'", "undefined", "\"unterminated", "[1,]", "{\"a\":}", "{,}"));
        };
    }

    private static Object oddScalar(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> oddString(r);
            case 1 -> new Raw(pick(r, ODD_NUMBERS));
            case 2 -> pick(r, true, false);
            default -> null;
        };
    }

    /** Arrays or objects nested around the depth limit (100) and far beyond it. */
    static String deep(Random r) {
        int depth = pick(r, 98, 99, 100, 101, 150, 5000);
        return chance(r, 50) ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /**
     * {@code template} with some of its members mistaken: a value of the wrong type (from {@code special}
     * for that member, if it has odd values of its own, or any odd value), a member missing, an odd member
     * added, or the whole body something else.
     */
    static Object mutate(Random r, Map<String, Object> template, Map<String, Function<Random, Object>> special) {
        Map<String, Object> body = new LinkedHashMap<>(template);
        List<String> members = new ArrayList<>(body.keySet());
        switch (r.nextInt(10)) {
            case 0 -> {
                if (!members.isEmpty()) {
                    body.remove(pick(r, members));
                }
            }
            case 1, 2 -> body.put(pick(r, "$set", "_id", "", "a.b", "__proto__", "\u0000", "$where", "x".repeat(300),
                    "\uD800"), oddValue(r));
            case 3 -> {
                return pick(r, oddValue(r), list(body), new Raw("[]"), new Raw("null"), new Raw("\"text\""));
            }
            default -> {
                int changes = members.isEmpty() ? 0 : 1 + r.nextInt(2);
                for (int i = 0; i < changes; i++) {
                    String member = pick(r, members);
                    Function<Random, Object> odd = special.get(member);
                    body.put(member, odd != null && chance(r, 60) ? odd.apply(r) : oddValue(r));
                }
            }
        }
        return body;
    }

    /** A list that may hold nulls (JSON null). */
    static List<Object> list(Object... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }

    /** A one-member object whose value may be null. */
    static Map<String, Object> member(String name, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }

    /** {@code value} as JSON text; strings escape what JSON requires, so odd content stays valid JSON. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.json());
            case String s -> writeString(out, s);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Members m -> {
                out.append('{');
                for (int i = 0; i < m.entries().size(); i++) {
                    out.append(i > 0 ? "," : "");
                    writeString(out, m.entries().get(i).getKey());
                    out.append(':');
                    write(out, m.entries().get(i).getValue());
                }
                out.append('}');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var e : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    writeString(out, String.valueOf(e.getKey()));
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i > 0 ? "," : "");
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                // escaped, so a lone surrogate reaches the server as the \\uD800 JSON allows
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /**
     * {@code json} as UTF-8, now and then broken on the way: cut short, a stray or invalid byte, a BOM,
     * UTF-16, trailing garbage, or replaced by a few bytes that are no JSON at all.
     */
    static byte[] encode(Random r, String json) {
        byte[] utf8 = RawHttp.utf8(json);
        if (chance(r, 70)) {
            return utf8;
        }
        return switch (r.nextInt(9)) {
            case 0 -> java.util.Arrays.copyOf(utf8, utf8.length == 0 ? 0 : r.nextInt(utf8.length));
            case 1 -> splice(utf8, r.nextInt(utf8.length + 1), pick(r, new byte[] {0}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0x80}, new byte[] {0x1B}));
            case 2 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8);
            case 3 -> json.getBytes(StandardCharsets.UTF_16);
            case 4 -> concat(utf8, RawHttp.utf8(pick(r, " x", "}", "{}", "\u0000", "\n\n\n", "]")));
            case 5 -> json.getBytes(StandardCharsets.ISO_8859_1);
            default -> RawHttp.utf8(pick(r, "", " ", "{", "}", "[", "{\"a\"", "{'a':1}", "{\"a\":NaN}",
                    "{\"a\":Infinity}", "{\"a\":1}{\"b\":2}", "/* c */{}", "{\"a\":1,\"a\":2}", "null", "123", "\"x\"",
                    "true", "[1,]", "{\"a\":1,}", "\u0000", "{\"a\":\"\\ud800\"}", "{\"\\u0000\":1}", "\uFEFF{}",
                    "{\"a\":01}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\t\"}", "[".repeat(200_000)));
        };
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- route arguments

    /** A data selector: operators MongoDB knows and some it does not, on odd field names and operands. */
    static Object selector(Random r) {
        if (chance(r, 15)) {
            return oddValue(r);
        }
        Map<String, Object> selector = new LinkedHashMap<>();
        int members = r.nextInt(3);
        for (int i = 0; i < members; i++) {
            if (chance(r, 25)) {
                selector.put(pick(r, "$and", "$or", "$nor", "$not", "$where", "$expr", "$text", "$comment",
                                "$jsonSchema"), chance(r, 50) ? list(selector(r)) : oddValue(r));
            } else {
                String field = pick(r, "title", "n", "_id", "a.b", "a..b", ".a", "a.", "$a", "", "a.$.b", "a.0",
                        "tags", "\u0000", "a".repeat(200));
                selector.put(field, chance(r, 30) ? oddScalar(r) : member(pick(r, OPERATORS), operand(r)));
            }
        }
        return selector;
    }

    private static final List<String> OPERATORS = List.of(
            "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$type", "$regex", "$options",
            "$size", "$all", "$elemMatch", "$not", "$mod", "$where", "$expr", "$text", "$bitsAllSet", "$near",
            "$geoWithin", "$comment", "$foo", "$", "$$", "$eq.x");

    private static Object operand(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> pick(r, "(", "[", "*", "a{99999}", "\\", "(?<", "(a+)+$", "[z-a]", "\\p{Bogus}");
            case 1 -> list(oddScalar(r));
            case 2 -> list(0, 0);
            case 3 -> member(pick(r, OPERATORS), oddScalar(r));
            default -> oddValue(r);
        };
    }

    /** A sort or index key list, right or wrong. */
    static Object sort(Random r) {
        return pick(r, List.of(Map.of("title", "ASC")), List.of("title"), List.of(Map.of("title", "desc")),
                List.of(Map.of()), List.of(1), "title",
                new Members(List.of(Map.entry("a", "ASC"), Map.entry("b", "DESC"))),
                List.of(Map.of("$natural", "ASC")), List.of(Map.of("a.b", "DESC")), List.of(Map.of("", "ASC")),
                List.of(""), List.of("title", Map.of("n", "ASC")), List.of("$title"), List.of("a..b"),
                List.of("x".repeat(2000)), oddValue(r));
    }

    /** A full-text query: query-parser syntax, very long terms, control characters. */
    static Object searchQuery(Random r) {
        return chance(r, 15) ? oddValue(r) : pick(r, "seeded", "*", "?", "a*", "*a", "a~", "a~999", "a^9999",
                "\"unterminated", "(", ")", "[a TO", "{", "a AND", "OR", "NOT", "&&", "||", "\\", "/", "/re/",
                "a:b", "_id:*", "!", "+", "-", "title:", ":", "title:(a OR)", "a".repeat(40_000), "\u0000",
                "", " ", "😀", "a b c", "é".repeat(100), "title:seeded", "*:*", "seeded~", "\uD800");
    }

    /** A queue target URL, right or wrong; the right ones point at the loopback {@code hook}. */
    static Object target(Random r, String hook) {
        return chance(r, 15) ? oddValue(r) : pick(r, hook, "http://127.0.0.1:1/hook", "http://", "http:/x",
                "http://[::1", "http://[::1]:0/", "https://127.0.0.1:65536", "javascript:alert(1)",
                "file:///etc/passwd",
                "ftp://127.0.0.1/", "http://user:pass@127.0.0.1:1/", "HTTP://127.0.0.1:1", "http://127.0.0.1:1/"
                        + "a".repeat(5000), "//127.0.0.1:1", "", " http://127.0.0.1:1 ", "http://127.0.0.1:1/#frag",
                "http://127.0.0.1:1/?q=\u0000", "http://\u00fc.invalid/", "http://%00/", "http://127.0.0.1:-1/",
                "http://127.0.0.1:1\r\nX-Injected: 1", "http://127.0.0.1:1/\uD800", "http:///x", "http://:80/");
    }

    // ---- multipart forms

    /** A request body with its Content-Type. */
    record Form(String contentType, byte[] body) {}

    /** A form as a browser sends it: one file part named {@code file}, maybe a {@code path} field. */
    static Form form(Random r) {
        String boundary = "----formboundary" + r.nextInt(1000);
        StringBuilder form = new StringBuilder();
        if (chance(r, 40)) {
            form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n")
                    .append("fz/d").append(r.nextInt(4)).append("\r\n");
        }
        form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f")
                .append(r.nextInt(8)).append(".txt\"\r\nContent-Type: text/plain\r\n\r\nform content\r\n--")
                .append(boundary).append("--\r\n");
        return new Form("multipart/form-data; boundary=" + boundary, RawHttp.utf8(form.toString()));
    }

    /**
     * A multipart form for an upload: usually one file part named {@code file} and maybe a {@code path}
     * field, with odd file names and paths; now and then broken in its structure.
     */
    static Form multipart(Random r) {
        String boundary = chance(r, 80) ? "fuzzboundary" + r.nextInt(100)
                : pick(r, "x", "a".repeat(100), "--", "b\"q", "é", " ", "a b");
        String nl = chance(r, 90) ? "\r\n" : "\n";
        StringBuilder form = new StringBuilder();
        if (chance(r, 5)) {
            form.append("preamble garbage").append(nl);
        }
        int files = chance(r, 90) ? 1 : pick(r, 0, 2);
        for (int i = 0; i < files; i++) {
            String field = chance(r, 85) ? "file" : pick(r, "FILE", "files", "", "file[]", "fil\u0000e");
            String fileName = chance(r, 60) ? "f" + r.nextInt(8) + ".txt" : pick(r, "../x.txt", "..", ".", "",
                    "a/b/c.txt", "a\\b.txt", "%2e%2e", "x\u0000.txt", "n".repeat(300), "日本.txt", ".hyper-upload-1",
                    "known.txt", "con", "a\"b.txt", "a;b", "\uD800.txt", "/abs.txt", "~/x", "a..b.txt");
            form.append("--").append(boundary).append(nl);
            form.append(switch (r.nextInt(12)) {
                case 0 -> "Content-Disposition: form-data; name=" + field + "; filename=" + fileName;
                case 1 -> "Content-Disposition: form-data; name=\"" + field + "\"; filename*=UTF-8''"
                        + percentEncoded(fileName);
                case 2 -> "Content-Disposition: attachment; filename=\"" + fileName + "\"";
                case 3 -> "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName;
                case 4 -> "Content-Disposition form-data";
                case 5 -> "X-Other: " + "h".repeat(pick(r, 10, 70_000));
                default -> "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"";
            }).append(nl);
            if (chance(r, 50)) {
                form.append("Content-Type: ").append(pick(r, "text/plain", "application/octet-stream",
                        "multipart/mixed; boundary=" + boundary, "", "\u0001")).append(nl);
            }
            form.append(nl).append(pick(r, "fuzz content", "", "--" + boundary + "-", "\u0000\u00ff", "x".repeat(5000)))
                    .append(nl);
        }
        if (chance(r, 40)) {
            String path = chance(r, 40) ? "fz/d" + r.nextInt(4) : pick(r, "..", "../seeded", "a/../b", "/abs", "a//b",
                    "x".repeat(300), "folder/file.txt", ".hyper-x/y", "\u0000", "d/", "%2e%2e", "a\\b", "é/ü",
                    "y".repeat(70_000));
            form.append("--").append(boundary).append(nl)
                    .append("Content-Disposition: form-data; name=\"path\"").append(nl).append(nl)
                    .append(path).append(nl);
        }
        if (chance(r, 90)) {
            form.append("--").append(boundary).append("--").append(nl);
        }
        if (chance(r, 5)) {
            form.append("epilogue garbage");
        }
        byte[] body = RawHttp.utf8(form.toString());
        if (chance(r, 10)) {
            body = java.util.Arrays.copyOf(body, r.nextInt(body.length + 1));
        }
        String type = switch (r.nextInt(14)) {
            case 0 -> "multipart/form-data";
            case 1 -> "multipart/form-data; boundary=";
            case 2 -> "multipart/form-data; boundary=\"" + boundary + "\"";
            case 3 -> "multipart/form-data; boundary=other";
            case 4 -> "multipart/form-data; boundary=" + boundary + "; charset=utf-16";
            case 5 -> "MULTIPART/FORM-DATA; BOUNDARY=" + boundary;
            case 6 -> "multipart/mixed; boundary=" + boundary;
            default -> "multipart/form-data; boundary=" + boundary;
        };
        return new Form(RawHttp.bytesAsText(type), body);
    }
}
