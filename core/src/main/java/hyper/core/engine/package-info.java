/**
 * How the server finds the engine behind each port: a provider per service and engine, chosen by the
 * scheme of a URL ({@code --cache-url redis://...}); without a URL, the embedded engine.
 */
package hyper.core.engine;
