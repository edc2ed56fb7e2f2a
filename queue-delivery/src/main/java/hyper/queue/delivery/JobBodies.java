package hyper.queue.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import java.util.LinkedHashMap;
import java.util.Map;

/** How every queue engine stores a job's body and reads a job id from a route. */
public final class JobBodies {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final ObjectMapper JSON = JsJson.mapper();

    private JobBodies() {}

    /** The job as compact JSON, keys in the order received, written as JavaScript would (see JsJson). */
    public static String write(Map<String, Object> job) {
        try {
            return JSON.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw HyperException.invalid("job cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** A stored body back as the job. */
    public static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            throw HyperException.failed("stored job is not JSON", e);
        }
    }

    /** A job id from a route; one that is not a number names no job. */
    public static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        }
    }
}
