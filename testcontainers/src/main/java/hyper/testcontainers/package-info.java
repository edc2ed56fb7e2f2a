/**
 * {@link hyper.testcontainers.HyperNanoContainer}: the hyper-nano image as a Testcontainers container,
 * with the connection string for hyper clients.
 */
package hyper.testcontainers;
