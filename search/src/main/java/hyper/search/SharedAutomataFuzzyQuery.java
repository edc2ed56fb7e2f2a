package hyper.search;

import java.io.IOException;
import java.util.Iterator;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.util.AttributeImpl;
import org.apache.lucene.util.AttributeSource;

/**
 * A {@link FuzzyQuery} whose Levenshtein automata are built once for all the fields a query term is searched
 * in. Lucene builds them for each {@code FuzzyQuery} it rewrites (one per field here), which was about a sixth
 * of a one-term query's CPU; they depend on the term's text only. The sharing hands Lucene's own automaton
 * attribute, once built, to the next field's rewrite: {@code FuzzyTermsEnum} adds its attribute only if the
 * rewrite has none, and builds the automata only if the attribute has none. Matching and scoring are Lucene's
 * unchanged. If a Lucene version names that attribute otherwise, nothing is shared and every field builds its
 * own, as before.
 */
final class SharedAutomataFuzzyQuery extends FuzzyQuery {

    /** The automata of one term text, for every field of one query; a query runs on one thread. */
    static final class Automata {
        private AttributeImpl built;

        /** Lucene's attribute holding the automata, once the first field's rewrite has built them. */
        AttributeImpl built() {
            return built;
        }
    }

    private static final String AUTOMATON_ATTRIBUTE = "org.apache.lucene.search.FuzzyTermsEnum$AutomatonAttributeImpl";

    private final Automata automata;

    SharedAutomataFuzzyQuery(Term term, int maxEdits, int maxExpansions, Automata automata) {
        super(term, maxEdits, 0, maxExpansions, true);
        this.automata = automata;
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        if (automata.built != null) {
            atts.addAttributeImpl(automata.built);
        }
        TermsEnum termsEnum = super.getTermsEnum(terms, atts);
        if (automata.built == null) {
            for (Iterator<AttributeImpl> impls = atts.getAttributeImplsIterator(); impls.hasNext(); ) {
                AttributeImpl impl = impls.next();
                if (impl.getClass().getName().equals(AUTOMATON_ATTRIBUTE)) {
                    automata.built = impl;
                }
            }
        }
        return termsEnum;
    }
}
