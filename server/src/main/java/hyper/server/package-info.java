/**
 * The {@code hyper-nano} command and the embeddable server: {@link hyper.server.Cli} and
 * {@link hyper.server.ServerOptions} say what to run, {@link hyper.server.Wiring} is the one class that
 * names engines, {@link hyper.server.HyperNano} starts and stops it all.
 */
package hyper.server;
