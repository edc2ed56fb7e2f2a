/** The hyper API on Helidon: routes per service, request parsing, the status and message of every error. */
package hyper.http;
