package hyper.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which request paths are the cloud form, and what they mean in the nano form. */
class CloudPathsTest {

    private final CloudPaths paths = new CloudPaths(Set.of("", "health", "cache", "data", "storage", "search", "queue"));

    @Test
    void anAppSegmentBeforeAServiceIsDropped() {
        assertEquals(new CloudPaths.Split("/my-app", "/data/default/42"), paths.split("/my-app/data/default/42"));
        assertEquals(new CloudPaths.Split("/my-app", "/storage/default/a/b.png"),
                paths.split("/my-app/storage/default/a/b.png"));
        assertEquals(new CloudPaths.Split("/My%20App", "/QUEUE/orders"), paths.split("/My%20App/QUEUE/orders"));
        assertEquals(new CloudPaths.Split("/app", "/cache"), paths.split("/app/cache"));
        assertEquals(new CloudPaths.Split("/app", "/search/"), paths.split("/app/search/"));
    }

    @Test
    void theNanoFormWinsWhenTheFirstSegmentIsATopLevelRoute() {
        for (String nano : new String[] {"/", "/health", "/data/cache/x", "/DATA/storage", "/storage/search/q.txt",
                "/queue/data", "/cache/queue/_query"}) {
            assertEquals(new CloudPaths.Split("", nano), paths.split(nano), nano);
        }
    }

    @Test
    void anythingElseIsMatchedAsItIs() {
        for (String other : new String[] {"/my-app", "/my-app/", "/my-app/health", "/my-app/users/1", "//data/x", ""}) {
            assertEquals(new CloudPaths.Split("", other), paths.split(other), other);
        }
    }
}
