package hyper.queue.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A JSON mapper that writes what JavaScript's {@code JSON.stringify} writes for the same value: numbers
 * as {@code Number.prototype.toString} prints them ({@code 1} not {@code 1.0}, {@code 123456789.5} not
 * {@code 1.234567895E8}, {@code 1e+21}) and lower-case hex in {@code \\u} escapes. Receivers that verify
 * the signature over {@code JSON.stringify(JSON.parse(body))}, as hyper-connect's verifier does, then
 * hash exactly the bytes that were signed.
 */
public final class JsJson {

    private JsJson() {}

    public static ObjectMapper mapper() {
        SimpleModule numbers = new SimpleModule("javascript-numbers");
        numbers.addSerializer(Double.class, new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeNumber(number(value));
            }
        });
        numbers.addSerializer(Float.class, new StdSerializer<>(Float.class) {
            @Override
            public void serialize(Float value, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeNumber(number(Double.parseDouble(value.toString())));
            }
        });
        return JsonMapper.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).addModule(numbers).build();
    }

    /** {@code value} as JavaScript prints a number (ECMA-262 Number::toString, radix 10). */
    public static String number(double value) {
        if (value == 0) {
            return "0"; // also -0, as JavaScript prints it
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null"; // what JSON.stringify writes; JSON input never holds these
        }
        // Java's Double.toString gives the shortest digits that round-trip, as JavaScript does.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        // Java prints at least two significant digits where one may suffice (4.9E-324 for 5e-324).
        BigDecimal oneDigit = exact.round(new MathContext(1, RoundingMode.HALF_EVEN));
        if (exact.precision() == 2 && oneDigit.doubleValue() == Math.abs(value)) {
            exact = oneDigit.stripTrailingZeros();
        }
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale(); // value = 0.<digits> x 10^n
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return out.toString();
    }
}
