package hyper.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void httpPathIsTheDomain() {
        Connection c = Connection.parse("http://127.0.0.1:6363/test");
        assertEquals(URI.create("http://127.0.0.1:6363/data/test"), c.serviceUrl("data"));
        assertEquals(URI.create("http://127.0.0.1:6363/"), c.infoUrl());
        assertEquals("test", c.domain());
        assertTrue(c.credentials().isEmpty());
    }

    @Test
    void theDomainArgumentIsOnlyForCloudStrings() {
        Connection c = Connection.parse("https://hyper.example/movies", "other");
        assertEquals(URI.create("https://hyper.example/cache/movies"), c.serviceUrl("cache"));
    }

    @Test
    void cloudStringsUseHttpsTheAppPathAndTheDomain() {
        Connection c = Connection.parse("cloud://key:secret@cloud.example/my-app");
        assertEquals(URI.create("https://cloud.example/my-app/data/default"), c.serviceUrl("data"));
        assertEquals(URI.create("https://cloud.example/"), c.infoUrl());
        assertEquals(new Connection.Credentials("key", "secret"), c.credentials().orElseThrow());
        Connection other = Connection.parse("cloud://key:secret@cloud.example/my-app", "staging");
        assertEquals(URI.create("https://cloud.example/my-app/queue/staging"), other.serviceUrl("queue"));
    }

    @Test
    void credentialsNeedBothUserAndPassword() {
        assertTrue(Connection.parse("http://sub:shh@localhost:6363/test").credentials().isPresent());
        assertFalse(Connection.parse("http://sub@localhost:6363/test").credentials().isPresent());
        assertFalse(Connection.parse("http://sub:@localhost:6363/test").credentials().isPresent());
    }

    @Test
    void credentialsAreTakenAsWritten() {
        Connection c = Connection.parse("http://me%40home:p%2Fw@localhost:6363/test");
        assertEquals(new Connection.Credentials("me%40home", "p%2Fw"), c.credentials().orElseThrow());
    }

    @Test
    void aTrailingSlashIsDropped() {
        assertEquals(URI.create("http://localhost:6363/data/test"),
                Connection.parse("http://localhost:6363/test/").serviceUrl("data"));
    }

    @Test
    void stringsThatCannotWorkAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Connection.parse("http://localhost:6363"));
        assertThrows(IllegalArgumentException.class, () -> Connection.parse("http://localhost:6363/"));
        assertThrows(IllegalArgumentException.class, () -> Connection.parse("ftp://localhost/test"));
        assertThrows(IllegalArgumentException.class, () -> Connection.parse("localhost:6363/test"));
        assertThrows(IllegalArgumentException.class, () -> Connection.parse("not a url"));
    }

    @Test
    void theSecretIsNeverPrinted() {
        Connection c = Connection.parse("http://sub:topsecret@localhost:6363/test");
        assertFalse(c.toString().contains("topsecret"), c.toString());
        assertFalse(c.credentials().orElseThrow().toString().contains("topsecret"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Connection.parse("ftp://sub:topsecret@localhost/test"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }
}
