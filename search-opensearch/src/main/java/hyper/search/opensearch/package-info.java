/**
 * The search port on an OpenSearch (2 or later) or Elasticsearch (7.10 or later) cluster: one engine index
 * per hyper index, the Lucene adapter's matching rules expressed as OpenSearch queries.
 */
package hyper.search.opensearch;
