package hyper.core.queue;

import java.util.Map;

/** A stored job: its id, status and the JSON it carries. */
public record Job(long id, JobStatus status, Map<String, Object> job) {}
