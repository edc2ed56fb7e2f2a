/** The search port: full-text indexes. */
package hyper.core.search;
