package hyper.http;

import hyper.core.Service;
import java.util.Locale;
import java.util.Set;

/**
 * The two URL forms of the hyper API. hyper-connect turns {@code http://host/<domain>} into
 * {@code /<service>/<domain>/...} (the nano form) and {@code cloud://key:secret@host/<app>} into
 * {@code https://host/<app>/<service>/<domain>/...} (the cloud form). Both are served alike: the cloud form
 * is the nano form after an app segment, which is dropped ({@code /my-app/data/default/42} is
 * {@code /data/default/42}).
 *
 * <p>A path whose first segment is a top-level route of the nano form ({@code /}, {@code /health}, a service
 * name) is always the nano form, so {@code /data/cache/x} stays document {@code x} of database {@code cache};
 * an app therefore cannot be named like a service. Only a path whose second segment is a service name can be
 * the cloud form; anything else is matched as it is (and usually not found).
 */
final class CloudPaths {

    private static final Set<String> SERVICES = Set.copyOf(Service.ids());

    private final Set<String> topLevel;

    /** {@code topLevel}: the lower-case first segments of the nano routes. */
    CloudPaths(Set<String> topLevel) {
        this.topLevel = Set.copyOf(topLevel);
    }

    /**
     * A raw request path split into the app prefix of the cloud form ({@code /my-app}, still
     * percent-encoded) and the nano-form path; {@code prefix} is empty for the nano form.
     */
    record Split(String prefix, String path) {
        boolean cloud() {
            return !prefix.isEmpty();
        }
    }

    Split split(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return new Split("", rawPath);
        }
        int firstEnd = rawPath.indexOf('/', 1);
        String first = (firstEnd < 0 ? rawPath.substring(1) : rawPath.substring(1, firstEnd)).toLowerCase(Locale.ROOT);
        if (firstEnd < 0 || first.isEmpty() || topLevel.contains(first)) {
            return new Split("", rawPath);
        }
        int secondEnd = rawPath.indexOf('/', firstEnd + 1);
        String second = (secondEnd < 0 ? rawPath.substring(firstEnd + 1) : rawPath.substring(firstEnd + 1, secondEnd))
                .toLowerCase(Locale.ROOT);
        if (!SERVICES.contains(second)) {
            return new Split("", rawPath);
        }
        return new Split(rawPath.substring(0, firstEnd), rawPath.substring(firstEnd));
    }
}
