package hyper.queue.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected texts are what Node's JSON.stringify printed for the same values. */
class JsJsonTest {

    @Test
    void numbersAreWrittenAsJavaScriptPrintsThem() {
        double[] values = {1, -1, 1.5, 0.1, 1e-7, 1.5e-7, 123456789.125, 1e21, 1e20, 123e20, -2.5e-10, 0.000001,
            0.0000012, Double.MAX_VALUE, Double.MIN_VALUE, 100, 1234.5678, 9007199254740993.0,
            0.1 + 0.2, 1e300};
        String[] expected = ("1 -1 1.5 0.1 1e-7 1.5e-7 123456789.125 1e+21 100000000000000000000 1.23e+22"
                + " -2.5e-10 0.000001 0.0000012 1.7976931348623157e+308 5e-324 100 1234.5678 9007199254740992"
                + " 0.30000000000000004 1e+300").split(" ");
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], JsJson.number(values[i]), "value " + values[i]);
        }
    }

    @Test
    void objectsKeepKeyOrderAndEscapeLikeJavaScript() throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("s", "\u0001\u001f\b\u007f\u2028x");
        job.put("n", List.of(1.0, 2.50, -0.0, 12345678.9));
        assertEquals("{\"s\":\"\\u0001\\u001f\\b\u007f\u2028x\",\"n\":[1,2.5,0,12345678.9]}",
                JsJson.mapper().writeValueAsString(job));
    }
}
