/**
 * A Java client for the hyper API (hyper-nano, or any hyper server): {@link hyper.client.Hyper} connects
 * to one domain and offers hyper-connect's services ({@code data()}, {@code cache()}, {@code storage()},
 * {@code search()}, {@code queue()}, {@code info()}); every answer is a {@link hyper.client.HyperResult}
 * record; {@link hyper.client.HyperSignature} checks the signature of queue deliveries.
 */
package hyper.client;
