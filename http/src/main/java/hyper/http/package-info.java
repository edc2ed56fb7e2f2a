/**
 * The hyper API on Helidon: routes per service, request parsing, the status and message of every error; and
 * the admin extension under {@code /_admin} ({@code AdminRoutes}).
 */
package hyper.http;
