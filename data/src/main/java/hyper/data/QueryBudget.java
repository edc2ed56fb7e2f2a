package hyper.data;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes the embedded engine keep a find command's time limit ({@code maxTimeMS}), which mongo-java-server
 * ignores. What runs away in a query is a regular expression: java.util.regex backtracks exponentially on
 * patterns such as {@code ((a+)+)+b}, and mongo-java-server matches with the collection locked, on the
 * event-loop thread of the connection, so one such query blocks the collection and its thread for good, and
 * the engine cannot close. Here every regular expression of the filter is replaced by one that reads its
 * subject through a {@link CharSequence} checking the deadline: past it the match throws, the command fails
 * with MongoDB's MaxTimeMSExpired (50) and the lock is released. The same check stops a running query at
 * once when the engine closes.
 *
 * <p>Each pattern is compiled once per command, before the collection is locked (mongo-java-server compiles
 * a {@code {$regex: ...}} anew for every document it looks at), and refused as MongoDB refuses it: longer
 * than {@value #MAX_PATTERN} characters, invalid, or with an unknown option. Compiling cannot be stopped, so
 * it is kept short (see {@link #compilable}).
 */
final class QueryBudget {

    /** MongoDB's limit on the length of a pattern; above it, its error 51091. */
    static final int MAX_PATTERN = 16_384;

    private static final int INVALID_REGEX = 51091;
    private static final int INVALID_REGEX_OPTION = 51108;

    private QueryBudget() {}

    /**
     * {@code find} with the regular expressions of its filter swapped for ones that stop at the command's
     * deadline ({@code maxTimeMS} from now; none without it), or as soon as {@code stopped} holds.
     *
     * @throws MongoServerError when a pattern is too long, invalid or has an unknown option
     */
    static Document bound(Document find, BooleanSupplier stopped) {
        return bound(find, new Deadline(find.get("maxTimeMS"), stopped));
    }

    private static Document bound(Document find, Deadline deadline) {
        if (!(find.get("filter") instanceof Document filter)) {
            return find;
        }
        Document bounded = find.clone();
        bounded.put("filter", selector(filter, deadline));
        return bounded;
    }

    /** The deadline of the find command this thread runs, for the loops of the engine that read documents. */
    private static final ScopedValue<Deadline> RUNNING = ScopedValue.newInstance();

    /**
     * Runs a {@code find} {@linkplain #bound bound} to its deadline, which {@link #tick()} checks meanwhile on
     * this thread (a sorted read walks an index and reads documents without any regular expression).
     */
    static <T> T run(Document find, BooleanSupplier stopped, Function<Document, T> command) {
        Deadline deadline = new Deadline(find.get("maxTimeMS"), stopped);
        Document bounded = bound(find, deadline);
        return ScopedValue.where(RUNNING, deadline).call(() -> command.apply(bounded));
    }

    /**
     * Counts one document read by the running find; every few thousand, throws past its deadline or once the
     * engine is closing. Does nothing outside {@link #run}.
     */
    static void tick() {
        if (RUNNING.isBound()) {
            RUNNING.get().tick();
        }
    }

    /** A filter, or an element of {@code $and}/{@code $or}/{@code $nor}: fields and logical operators. */
    private static Document selector(Document selector, Deadline deadline) {
        Document bounded = new Document();
        selector.forEach((key, value) -> bounded.put(key, switch (key) {
            case "$and", "$or", "$nor" -> selectors(value, deadline);
            default -> key.startsWith("$") ? value : condition(value, deadline); // $expr, $comment: no regex
        }));
        return bounded;
    }

    private static Object selectors(Object list, Deadline deadline) {
        return map(list, e -> e instanceof Document d ? selector(d, deadline) : e);
    }

    /** What a field is held against: a value, a regular expression, or a document of operators. */
    private static Object condition(Object value, Deadline deadline) {
        if (value instanceof BsonRegularExpression regex) {
            return watched(regex.getPattern(), regex.getOptions(), deadline);
        }
        if (!(value instanceof Document operators)) {
            return value;
        }
        if (operators.containsKey("$regex")) {
            // as mongo-java-server reads it: the whole document is the expression, other operators in it are ignored
            return regex(operators, deadline);
        }
        Document bounded = new Document();
        operators.forEach((key, operand) -> bounded.put(key, switch (key) {
            case "$and", "$or", "$nor" -> selectors(operand, deadline);
            // elements of $in/$nin are values, except regular expressions; a document there is only compared
            case "$in", "$nin" -> map(operand, e -> e instanceof BsonRegularExpression r
                    ? watched(r.getPattern(), r.getOptions(), deadline) : e);
            case "$all" -> map(operand, e -> condition(e, deadline));
            case "$not" -> condition(operand, deadline);
            // $elemMatch needs a document: a regular expression is matched against each element through $in
            case "$elemMatch" -> operand instanceof Document d && d.containsKey("$regex")
                    ? new Document("$in", List.of(regex(d, deadline))) : condition(operand, deadline);
            default -> key.startsWith("$") ? operand : condition(operand, deadline);
        }));
        return bounded;
    }

    private static Object map(Object list, UnaryOperator<Object> element) {
        if (!(list instanceof List<?> elements)) {
            return list; // the engine refuses it as before
        }
        List<Object> mapped = new ArrayList<>(elements.size());
        elements.forEach(e -> mapped.add(element.apply(e)));
        return mapped;
    }

    /** {@code {$regex: pattern, $options: flags}}, where the pattern may also be a regular expression value. */
    private static Watched regex(Document expression, Deadline deadline) {
        Object regex = expression.get("$regex");
        Object options = expression.get("$options");
        if (options != null && !(options instanceof String)) {
            throw new MongoServerError(ErrorCode.BadValue, "$options has to be a string");
        }
        return switch (regex) {
            case String pattern -> watched(pattern, (String) options, deadline);
            case BsonRegularExpression r -> watched(r.getPattern(), options != null ? (String) options : r.getOptions(),
                    deadline);
            case null, default -> throw new MongoServerError(ErrorCode.BadValue, "$regex has to be a string");
        };
    }

    private static Watched watched(String pattern, String options, Deadline deadline) {
        if (pattern.length() > MAX_PATTERN) {
            throw new MongoServerError(INVALID_REGEX, "Regular expression is invalid: pattern string is too long");
        }
        Watched regex;
        try {
            regex = new Watched(pattern, options == null ? "" : options, deadline);
        } catch (PatternSyntaxException e) {
            throw new MongoServerError(INVALID_REGEX, "Regular expression is invalid: " + e.getDescription());
        } catch (IllegalArgumentException e) {
            throw new MongoServerError(INVALID_REGEX_OPTION, "invalid flag in regex options: " + options);
        }
        deadline.check(); // many long patterns take a while to compile
        return regex;
    }

    /** A regular expression compiled once, whose matching stops at the deadline. */
    private static final class Watched extends BsonRegularExpression {

        private static final long serialVersionUID = 1L;

        private final transient Pattern compiled;
        private final transient Deadline deadline;

        Watched(String pattern, String options, Deadline deadline) {
            super(pattern, options);
            // compiled with mongo-java-server's own reading of the options
            this.compiled = new BsonRegularExpression(compilable(pattern, options), options).matcher("").pattern();
            this.deadline = deadline;
        }

        @Override
        public Matcher matcher(String subject) {
            deadline.check();
            return compiled.matcher(new Subject(subject, deadline));
        }
    }

    /**
     * The pattern to compile. java.util.regex builds a Boyer-Moore table for a pattern that starts with a run
     * of literal characters, in time quadratic in the run's length when it repeats itself (most of a second
     * for 16 KB of {@code c}, longer on a busy machine), and nothing can stop that. An empty group in front
     * keeps the same matches without the table. Left out where it would change the meaning: before a
     * quantifier or an empty quote (the quantifier would bind to the group; as they are, such patterns are
     * invalid), and, with option {@code x}, before whitespace or a comment.
     */
    static String compilable(String pattern, String options) {
        if (pattern.isEmpty()) {
            return pattern;
        }
        char first = pattern.charAt(0);
        boolean binds = "*+?{".indexOf(first) >= 0 || pattern.startsWith("\\Q\\E");
        boolean skipped = options.indexOf('x') >= 0 && (Character.isWhitespace(first) || first == '#');
        return binds || skipped ? pattern : "(?:)" + pattern;
    }

    /** The text a pattern runs on; the matcher reads every character through {@link #charAt}. */
    private record Subject(String text, Deadline deadline) implements CharSequence {

        @Override
        public char charAt(int index) {
            deadline.tick();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** When one command must stop. Used by the one thread that runs the command. */
    private static final class Deadline {

        /** Characters read between two looks at the clock: a few microseconds of matching. */
        private static final int TICKS = 4096;

        private final long end;
        private final boolean timed;
        private final BooleanSupplier stopped;
        private int ticks;

        Deadline(Object maxTimeMs, BooleanSupplier stopped) {
            long millis = maxTimeMs instanceof Number n ? n.longValue() : 0; // 0 or none: no limit, as in MongoDB
            this.timed = millis > 0;
            this.end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
            this.stopped = stopped;
        }

        void tick() {
            if (++ticks == TICKS) {
                ticks = 0;
                check();
            }
        }

        void check() {
            if (stopped.getAsBoolean()) {
                throw new MongoServerError(11600, "InterruptedAtShutdown", "interrupted at shutdown");
            }
            if (timed && System.nanoTime() - end > 0) {
                throw new MongoServerError(50, "MaxTimeMSExpired", "operation exceeded time limit");
            }
        }
    }
}
