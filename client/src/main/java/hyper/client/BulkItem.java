package hyper.client;

/**
 * The outcome for one document of {@code data().bulk} or {@code search().load}.
 *
 * @param ok whether this document was written
 * @param id its id
 * @param msg why not, empty when ok or when the server gave no reason
 */
public record BulkItem(boolean ok, String id, String msg) {}
