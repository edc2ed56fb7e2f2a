package hyper.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HyperSignatureTest {

    /** The test vector of the queue specification. */
    private static final String BODY = "{\"type\":\"job\",\"text\":\"Hello World\"}";
    private static final String HEADER =
            "t=1700000000000,sig=936c02185c0d38eafa06145d718ab4f23dd5b894a820e62aafca606f10a0033f";

    @Test
    void signsAsTheServerDoes() {
        assertEquals(HEADER, HyperSignature.sign("shhh", Instant.ofEpochMilli(1700000000000L), BODY));
    }

    @Test
    void acceptsTheRightSignature() {
        assertEquals(new Result(true, 200, ""), HyperSignature.verify("shhh", HEADER, BODY));
    }

    @Test
    void refusesAnotherSecretAChangedBodyOrABadHeader() {
        Result unauthorized = new Result(false, 401, "Unauthorized");
        assertEquals(unauthorized, HyperSignature.verify("wrong", HEADER, BODY));
        assertEquals(unauthorized, HyperSignature.verify("shhh", HEADER, BODY.replace("World", "world")));
        assertEquals(unauthorized, HyperSignature.verify("shhh", null, BODY));
        assertEquals(unauthorized, HyperSignature.verify("shhh", "garbage", BODY));
        assertEquals(unauthorized, HyperSignature.verify("shhh", "t=abc,sig=00", BODY));
        assertEquals(unauthorized, HyperSignature.verify("shhh", HEADER.replace("t=1700000000000", "t=1700000000001"), BODY));
    }

    @Test
    void checksTheAgeWhenAskedTo() {
        Clock later = Clock.fixed(Instant.ofEpochMilli(1700000000000L).plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        assertEquals(422, HyperSignature.verify("shhh", HEADER, BODY, Duration.ofMinutes(5), later).status());
        assertEquals(true, HyperSignature.verify("shhh", HEADER, BODY, Duration.ofMinutes(10), later).ok());
        assertEquals(401, HyperSignature.verify("nope", HEADER, BODY, Duration.ofMinutes(10), later).status());
    }
}
