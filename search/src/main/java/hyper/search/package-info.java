/** {@link hyper.search.LuceneSearch}, the search port on Apache Lucene. */
package hyper.search;
