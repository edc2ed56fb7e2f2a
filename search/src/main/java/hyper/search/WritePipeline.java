package hyper.search;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;

/**
 * The writes of one index: its Lucene writer, its write-ahead log and the near-real-time searcher they keep
 * up to date.
 *
 * <p>A write runs in two steps. Under the write lock it checks existence, applies the change to the writer
 * and appends it to the log. Then it waits until the change is durable and visible: the first waiter to take
 * the sync lock forces the log (or commits, see {@link LuceneSearch.Durability}) and refreshes the searcher
 * for every write applied so far, so writers arriving together share one fsync and one refresh. Changes
 * applied but not yet visible are remembered in {@link #pending}, so existence checks see them. A checkpoint
 * (a Lucene commit) now and then lets the log files it covers go; at open, the log is replayed. A checkpoint
 * that finds no write since the last one merges a scattered index into one segment (see
 * {@link #mergeIfScattered}).
 *
 * <p>A write that fails for another reason than its request (a full disk; Lucene closing its writer after a
 * tragic event) stops the pipeline: the writer is rolled back to its last commit and the log is cut after
 * the last acknowledged write, so no change in doubt survives, and the searcher stays for reads. The index
 * then opens a new pipeline on the same files for its next write ({@link SearchIndex}).
 */
final class WritePipeline implements Closeable {

    private final DocumentMapping mapping;
    private final LuceneSearch.Durability durability;
    private final IndexWriter writer;
    private final WriteAheadLog log;
    private final SearcherManager searchers;

    /** An idle index is merged into one segment if its largest holds less than this share of the documents. */
    static final double SCATTERED_BELOW = 0.9;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    /** Keys changed since the last refresh began: true if the key now exists. Guarded by the write lock. */
    private Map<String, Boolean> pending = new HashMap<>();
    /** The changes the running refresh is making visible. Guarded by the write lock. */
    private Map<String, Boolean> refreshing;
    /** The sequence number of the last change applied. Guarded by the write lock. */
    private long lastSeq;
    /** Every change up to this sequence number is visible to searches. */
    private volatile long visible;
    /** Every change up to this log position (or, without a log, sequence number) is on disk. */
    private volatile long durable;
    /** Every change up to this log position is visible to searches (with a log only). */
    private volatile long visibleEnd;
    /** Why the pipeline stopped taking writes; set under the write lock, so no change follows one in doubt. */
    private volatile Throwable failure;
    /** Whether the writer was rolled back and the log cut after a failure. Guarded by the sync and write locks. */
    private boolean rolledBack;

    private WritePipeline(DocumentMapping mapping, LuceneSearch.Durability durability, IndexWriter writer,
            WriteAheadLog log, SearcherManager searchers) {
        this.mapping = mapping;
        this.durability = durability;
        this.writer = writer;
        this.log = log;
        this.searchers = searchers;
    }

    /**
     * Opens the writer on {@code directory} (creating the index if needed) and replays the log kept in
     * {@code walFolder}. On failure, what it opened is closed again; the directory stays the caller's.
     */
    static WritePipeline open(Directory directory, Path walFolder, DocumentMapping mapping,
            LuceneSearch.Durability durability) throws IOException {
        IndexWriter writer = null;
        WriteAheadLog log = null;
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.ANALYZER)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(true));
            IndexWriter target = writer;
            log = WriteAheadLog.open(walFolder, record -> LogRecords.replay(target, mapping, record));
            writer.commit(); // holds the replayed changes, and makes an empty index reopenable
            log.deleteBefore(log.generation());
            return new WritePipeline(mapping, durability, writer, log, new SearcherManager(writer, null));
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                try {
                    log.abandon(); // an open that keeps failing (the disk is full) leaves no empty files behind
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            if (writer != null) {
                writer.rollback();
            }
            throw e;
        }
    }

    /** The near-real-time searcher, refreshed once a write is acknowledged. */
    SearcherManager searchers() {
        return searchers;
    }

    /** What a write waits for: its change visible ({@code seq}) and durable ({@code position}). */
    private record Ticket(long seq, long position) {}

    /** Adds {@code source} under {@code key}; CONFLICT if the key exists. */
    void add(String key, Map<String, Object> source) throws IOException {
        write(() -> {
            if (exists(key)) {
                throw HyperException.of(Fact.ITEM_EXISTS);
            }
            return applied(writer.updateDocument(DocumentMapping.keyTerm(key), mapping.toDocument(key, source)),
                    () -> LogRecords.put(key, source), Map.of(key, true));
        });
    }

    /** Replaces or inserts the document under {@code key}. */
    void put(String key, Map<String, Object> source) throws IOException {
        write(() -> applied(writer.updateDocument(DocumentMapping.keyTerm(key), mapping.toDocument(key, source)),
                () -> LogRecords.put(key, source), Map.of(key, true)));
    }

    /** Removes the document under {@code key}; NOT_FOUND if there is none. */
    void remove(String key) throws IOException {
        write(() -> {
            if (!exists(key)) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            return applied(writer.deleteDocuments(DocumentMapping.keyTerm(key)), () -> LogRecords.delete(key),
                    Map.of(key, false));
        });
    }

    /**
     * Adds every document, all or none: CONFLICT (and nothing written) if a key exists already. The documents
     * go in as one Lucene block and one log record, so no commit or replay can hold part of them.
     */
    void addAll(Map<String, Map<String, Object>> sourcesByKey) throws IOException {
        if (sourcesByKey.isEmpty()) {
            return;
        }
        write(() -> {
            for (String key : sourcesByKey.keySet()) {
                if (exists(key)) {
                    throw HyperException.of(Fact.ITEM_EXISTS, key);
                }
            }
            List<Document> docs = new ArrayList<>(sourcesByKey.size());
            Map<String, Boolean> keys = new HashMap<>();
            sourcesByKey.forEach((key, source) -> {
                docs.add(mapping.toDocument(key, source));
                keys.put(key, true);
            });
            return applied(writer.addDocuments(docs), () -> LogRecords.bulk(sourcesByKey), keys);
        });
    }

    /** One change, applied under the write lock. */
    private interface Change {
        Ticket apply() throws IOException;
    }

    /** Applies {@code change}, then returns once it is durable and visible; a failure stops the pipeline. */
    private void write(Change change) throws IOException {
        try {
            sync(apply(change));
        } catch (IOException | RuntimeException e) {
            if (!leavesNothingInDoubt(e)) {
                stop(e);
            }
            throw e;
        }
    }

    private Ticket apply(Change change) throws IOException {
        writeLock.lock();
        try {
            requireRunning();
            return change.apply();
        } catch (IOException | RuntimeException e) {
            if (!leavesNothingInDoubt(e) && failure == null) {
                failure = e;
            }
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A failure that leaves nothing in doubt: the request refused (a conflict or missing key, a document Lucene
     * cannot index) with the writer as it was, or the index closed.
     */
    private static boolean leavesNothingInDoubt(Exception e) {
        return e instanceof HyperException || e instanceof IllegalArgumentException
                || (e instanceof AlreadyClosedException && e.getCause() == null);
    }

    /** Whether the pipeline stopped taking writes: after a failed write, or when Lucene closed its writer. */
    boolean stopped() {
        return failure != null || !writer.isOpen();
    }

    /** Why Lucene closed the writer, if it did after a tragic event. */
    Throwable tragedy() {
        return writer.getTragicException();
    }

    private void requireRunning() throws IOException {
        if (failure != null) {
            throw new IOException("the writes of this index stopped after a failure", failure);
        }
        if (!writer.isOpen()) {
            if (writer.getTragicException() == null) {
                throw new AlreadyClosedException("the index was closed"); // removed, or the server stops
            }
            throw new IOException("Lucene closed the writer after a failure", writer.getTragicException());
        }
    }

    /**
     * Stops the pipeline after {@code cause} (if it is still running): rolls the writer back to its last
     * commit and cuts the log after the last write that was acknowledged, so that the changes of writes that
     * failed, or are waiting and will fail, never come back. The searcher stays open for reads. With both
     * locks held, no write is being made durable or visible meanwhile.
     */
    void stop(Throwable cause) {
        syncLock.lock();
        writeLock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            if (rolledBack) {
                return;
            }
            rolledBack = true;
            try (WriteAheadLog l = log) {
                if (durability == LuceneSearch.Durability.WRITE_AHEAD_LOG) {
                    log.cut(Math.min(durable, visibleEnd));
                }
            } finally {
                writer.rollback();
            }
        } catch (IOException | RuntimeException e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        } finally {
            writeLock.unlock();
            syncLock.unlock();
        }
    }

    /** Whether {@code key} exists, counting changes not yet visible; called under the write lock. */
    private boolean exists(String key) throws IOException {
        Boolean changed = pending.get(key);
        if (changed == null && refreshing != null) {
            changed = refreshing.get(key);
        }
        if (changed != null) {
            return changed;
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(DocumentMapping.keyTerm(key))) > 0;
        } finally {
            searchers.release(searcher);
        }
    }

    private interface RecordBytes {
        byte[] get();
    }

    /** Bookkeeping of a change just applied to the writer; called under the write lock. */
    private Ticket applied(long seq, RecordBytes record, Map<String, Boolean> keys) throws IOException {
        lastSeq = seq;
        pending.putAll(keys);
        long position = durability == LuceneSearch.Durability.WRITE_AHEAD_LOG ? log.append(record.get()) : seq;
        return new Ticket(seq, position);
    }

    /** Returns once the change of {@code ticket} is durable and visible; one waiter does the work for all. */
    private void sync(Ticket ticket) throws IOException {
        boolean eachCommits = durability == LuceneSearch.Durability.COMMIT_EACH_WRITE;
        if (!eachCommits && durable >= ticket.position() && visible >= ticket.seq()) {
            return;
        }
        syncLock.lock();
        try {
            requireRunning();
            if (eachCommits || durable < ticket.position()) {
                if (durability == LuceneSearch.Durability.WRITE_AHEAD_LOG) {
                    long end;
                    writeLock.lock();
                    try {
                        requireRunning();
                        end = log.end();
                    } finally {
                        writeLock.unlock();
                    }
                    log.force();
                    durable = Math.max(durable, end);
                } else {
                    long covered = writer.commit(); // -1 if an earlier commit already held everything
                    durable = Math.max(durable, Math.max(covered, ticket.position()));
                }
            }
            if (visible < ticket.seq()) {
                refresh();
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** Makes every change applied so far visible; called under the sync lock. */
    private void refresh() throws IOException {
        long target;
        long targetEnd;
        writeLock.lock();
        try {
            requireRunning();
            refreshing = pending;
            pending = new HashMap<>();
            target = lastSeq;
            targetEnd = durability == LuceneSearch.Durability.WRITE_AHEAD_LOG ? log.end() : 0;
        } finally {
            writeLock.unlock();
        }
        boolean done = false;
        try {
            searchers.maybeRefreshBlocking();
            done = true;
        } finally {
            writeLock.lock();
            try {
                if (!done) { // still invisible: keep them pending, newer changes winning
                    refreshing.putAll(pending);
                    pending = refreshing;
                }
                refreshing = null;
            } finally {
                writeLock.unlock();
            }
        }
        visible = Math.max(visible, target);
        visibleEnd = Math.max(visibleEnd, targetEnd);
    }

    /**
     * Commits to Lucene what the log holds and deletes the log files that commit covers. Writers go on
     * meanwhile, into a new log file. With nothing written since the last checkpoint, merges the index if it
     * is scattered over segments instead.
     */
    void checkpoint() throws IOException {
        if (durability != LuceneSearch.Durability.WRITE_AHEAD_LOG) {
            return;
        }
        checkpointLock.lock();
        try {
            boolean idle = false;
            long generation = 0;
            syncLock.lock();
            try {
                writeLock.lock();
                try {
                    if (stopped()) {
                        return;
                    }
                    if (log.isEmpty()) {
                        idle = true;
                    }
                    if (!idle) {
                        long end = log.end();
                        generation = log.rotate(); // forces the old file: its records are durable
                        durable = Math.max(durable, end);
                    }
                } finally {
                    writeLock.unlock();
                }
            } finally {
                syncLock.unlock();
            }
            if (idle) {
                mergeIfScattered();
                return;
            }
            writer.commit();
            log.deleteBefore(generation);
        } finally {
            checkpointLock.unlock();
        }
    }

    /**
     * Merges the index into one segment if its largest holds less than {@link #SCATTERED_BELOW} of its
     * documents, then commits and refreshes the searcher. Called when no write came since the last
     * checkpoint: a bulk load leaves a dozen segments, and a query expands its typo and prefix variants and
     * sets up its scorers in each of them. Small writes since the last merge leave the largest segment
     * holding most documents, so they do not each cause a rewrite of the whole index.
     */
    private void mergeIfScattered() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        boolean scattered;
        try {
            int largest = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                largest = Math.max(largest, leaf.reader().numDocs());
            }
            int docs = searcher.getIndexReader().numDocs();
            scattered = searcher.getIndexReader().leaves().size() > 1 && largest < SCATTERED_BELOW * docs;
        } finally {
            searchers.release(searcher);
        }
        if (scattered) {
            writer.forceMerge(1);
            writer.commit(); // the merged-away segments' files go now, not at the next write's checkpoint
            searchers.maybeRefreshBlocking();
        }
    }

    /**
     * A last commit, after which the log is no longer needed. A stopped pipeline keeps its log: its writer
     * was rolled back (or closed by Lucene), so the log holds acknowledged writes the last commit lacks.
     */
    @Override
    public void close() throws IOException {
        boolean running = !stopped();
        try (WriteAheadLog l = log) {
            try (IndexWriter w = writer; SearcherManager s = searchers) {
                // closed in reverse order: searchers, then the writer, which commits
            }
            if (running && writer.getTragicException() == null) {
                log.deleteBefore(Long.MAX_VALUE);
            }
        }
    }

    /** Closes without committing, before the index's files are deleted. */
    void discard() throws IOException {
        try (WriteAheadLog l = log; SearcherManager s = searchers) {
            writer.rollback();
        }
    }
}
