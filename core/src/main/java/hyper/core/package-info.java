/** The error type, the services, store names and the results shared by every service port. */
package hyper.core;
