package hyper.queue.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void matchesTheOriginalsTestVector() {
        assertEquals("t=1700000000000,sig=936c02185c0d38eafa06145d718ab4f23dd5b894a820e62aafca606f10a0033f",
                Signature.header("shhh", 1700000000000L, "{\"type\":\"job\",\"text\":\"Hello World\"}"));
    }
}
