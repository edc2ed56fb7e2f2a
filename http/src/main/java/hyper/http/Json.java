package hyper.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;
import hyper.core.HyperException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** JSON of the HTTP layer: one configured mapper, and the envelope shapes. */
final class Json {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    /** MongoDB's own limit; deeper bodies are refused while parsing, before any engine sees them. */
    static final int MAX_DEPTH = 100;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(new StorableValues())
            .build();

    /**
     * Refuses, while parsing, the values no store keeps faithfully: a number beyond a double (1e400 would
     * be stored as Infinity) and a string with a lone UTF-16 surrogate (it would be stored as "?").
     */
    private static final class StorableValues extends JsonNodeFactory {
        @Override
        public NumericNode numberNode(double value) {
            if (Double.isInfinite(value) || Double.isNaN(value)) {
                throw HyperException.refused("invalid JSON: a number is too large to store");
            }
            return super.numberNode(value);
        }

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && Double.isInfinite(value.doubleValue())) {
                throw HyperException.refused("invalid JSON: a number is too large to store");
            }
            return super.numberNode(value);
        }

        @Override
        public TextNode textNode(String text) {
            if (text != null && hasLoneSurrogate(text)) {
                throw HyperException.refused("invalid JSON: a string holds a lone UTF-16 surrogate");
            }
            return super.textNode(text);
        }
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

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

    /**
     * Where Jackson's advice to its own users starts ("enable `JsonReadFeature.ALLOW_...`", "since Feature
     * 'ALLOW_COMMENTS' not enabled", "[Source: REDACTED (`StreamReadFeature...`"): none of it is for a client.
     */
    private static final Pattern PARSER_HINT =
            Pattern.compile("(: enable `| \\(start marker at | \\(not recognized as one since |`).*", Pattern.DOTALL);

    /** A parser error as one line a client can act on, without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "invalid JSON: nested deeper than " + MAX_DEPTH + " levels";
        }
        // Jackson words this one with its own class names (`...JsonNode`, `DeserializationFeature...`)
        String msg = e instanceof MismatchedInputException
                ? "unexpected data after the JSON value" : PARSER_HINT.matcher(e.getOriginalMessage()).replaceFirst("");
        var at = e.getLocation();
        return "invalid JSON: " + msg + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
