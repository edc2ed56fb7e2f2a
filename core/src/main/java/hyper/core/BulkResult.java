package hyper.core;

/** The outcome for one document of a bulk write. */
public record BulkResult(boolean ok, String id) {}
