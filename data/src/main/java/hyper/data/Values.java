package hyper.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Converts between the plain JSON values of the port (maps, lists, strings, numbers, booleans, null) and
 * BSON documents. Integers stay integers both ways (int32/int64), so {@code 1980} never comes back as
 * {@code 1980.0}; values only MongoDB knows (ObjectId, dates, decimals, binary) become JSON-friendly text or
 * numbers on the way out.
 */
final class Values {

    private Values() {}

    static Document toBson(Map<String, ?> map) {
        Document doc = new Document();
        map.forEach((k, v) -> doc.put(k, toBsonValue(v)));
        return doc;
    }

    private static Object toBsonValue(Object value) {
        return switch (value) {
            case null -> null;
            case Map<?, ?> map -> {
                Document doc = new Document();
                map.forEach((k, v) -> doc.put(String.valueOf(k), toBsonValue(v)));
                yield doc;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(toBsonValue(v)));
                yield out;
            }
            case BigInteger big -> big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
            case BigDecimal dec -> dec.doubleValue();
            case Float f -> f.doubleValue();
            case Short s -> s.intValue();
            case Byte b -> b.intValue();
            default -> value;
        };
    }

    static Map<String, Object> toJson(Document doc) {
        Map<String, Object> map = new LinkedHashMap<>();
        doc.forEach((k, v) -> map.put(k, toJsonValue(v)));
        return map;
    }

    private static Object toJsonValue(Object value) {
        return switch (value) {
            case null -> null;
            case Document doc -> toJson(doc);
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), toJsonValue(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(toJsonValue(v)));
                yield out;
            }
            case String s -> s;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            case ObjectId id -> id.toHexString();
            case Date date -> date.toInstant().toString();
            case Decimal128 dec -> dec.isNaN() || dec.isInfinite() ? dec.toString() : dec.bigDecimalValue();
            case Binary bin -> Base64.getEncoder().encodeToString(bin.getData());
            default -> value.toString();
        };
    }
}
