/** The search port on Apache Lucene: one index directory per search index, near-real-time and durable. */
module hyper.search {
    requires hyper.core;
    requires org.apache.lucene.core;
    requires org.apache.lucene.analysis.common; // ASCII folding
    requires com.fasterxml.jackson.databind;

    exports hyper.search;

    provides hyper.core.engine.SearchProvider with hyper.search.LuceneSearchProvider;
}
