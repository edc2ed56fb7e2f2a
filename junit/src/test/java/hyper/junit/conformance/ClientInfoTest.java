package hyper.junit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hyper.client.Hyper;
import hyper.client.InfoResult;
import hyper.junit.HyperNanoTest;
import org.junit.jupiter.api.Test;

/** conformance/info.test.mjs, through the Java client against the real server. */
@HyperNanoTest
class ClientInfoTest {

    @Test
    void infoServicesListsTheServicesOfTheServer(Hyper hyper) {
        InfoResult info = hyper.info().services();
        assertEquals("hyper", info.name());
        assertEquals("1.0-beta", info.version());
        assertTrue(info.services().contains("cache"));
    }
}
