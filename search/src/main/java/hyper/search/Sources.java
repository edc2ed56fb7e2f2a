package hyper.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stored documents and index metadata as JSON bytes. */
final class Sources {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Sources() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> read(byte[] bytes, int offset, int length) {
        try {
            return MAPPER.readValue(bytes, offset, length, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
