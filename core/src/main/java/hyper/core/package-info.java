/** The error type and name rules shared by every service port. */
package hyper.core;
