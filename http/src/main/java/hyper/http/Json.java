package hyper.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import hyper.core.HyperException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON of the HTTP layer: one configured mapper, and the envelope shapes. */
final class Json {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

    private Json() {}

    static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, MAP);
    }

    static List<Object> toList(JsonNode node) {
        return MAPPER.convertValue(node, LIST);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw HyperException.failed("cannot write JSON", e);
        }
    }

    /** {@code {"ok":true, k1:v1, ...}} from alternating keys and values. */
    static Map<String, Object> ok(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    /** The error envelope: always the three keys, status equal to the HTTP status. */
    static Map<String, Object> error(int status, String msg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("status", status);
        body.put("msg", msg);
        return body;
    }

    /** A parser error as one line a client can act on, without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        var at = e.getLocation();
        return "invalid JSON: " + msg + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
