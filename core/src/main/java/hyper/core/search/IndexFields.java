package hyper.core.search;

import java.util.List;

/** Fields indexed for full text, and fields stored and returned with each match. */
public record IndexFields(List<String> fields, List<String> storeFields) {}
