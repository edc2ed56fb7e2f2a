package hyper.core.queue;

import java.net.URI;
import java.util.Optional;

/** Where a queue delivers its jobs, and the secret that signs them. */
public record QueueTarget(URI target, Optional<String> secret) {}
