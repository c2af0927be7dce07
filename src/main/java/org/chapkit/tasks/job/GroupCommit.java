package org.chapkit.tasks.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.chapkit.tasks.store.StoreDialect;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: pieces of work that arrive while a commit is under way share the next transaction. A caller
 * queues its work and takes the lock; whoever holds the lock runs every piece queued so far in one transaction.
 * Each caller still returns only after the commit that holds its work, with its own result; but N concurrent
 * callers cost one commit instead of N. No thread of its own: the callers take turns leading.
 *
 * <p>Only where the store has one writer at a time ({@link StoreDialect#singleWriter()}: SQLite), where N
 * writers would otherwise queue for the file's lock one by one. On PostgreSQL, commits of different connections
 * proceed in parallel and the server groups their WAL flushes itself, so each piece gets a transaction of its own.
 *
 * <p>A piece of work must not depend on being alone in its transaction. If the shared transaction fails (a key
 * taken by a concurrent request, say), each piece is run again in a transaction of its own, so one piece's
 * problem is only that piece's.
 */
@Component
class GroupCommit {

    private final TransactionTemplate transaction;
    private final boolean shared;
    private final ConcurrentLinkedQueue<Entry<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    @Autowired
    GroupCommit(TransactionTemplate transaction, StoreDialect dialect) {
        this(transaction, dialect.singleWriter());
    }

    /** With {@code shared} false, every piece of work gets a transaction of its own. */
    GroupCommit(TransactionTemplate transaction, boolean shared) {
        this.transaction = transaction;
        this.shared = shared;
    }

    /** Runs {@code work} in a (shared) transaction and returns its result once that transaction has committed. */
    <T> T run(Supplier<T> work) {
        if (!shared) {
            return transaction.execute(status -> work.get());
        }
        Entry<T> entry = new Entry<>(work);
        queue.add(entry);
        leader.lock();
        try {
            if (!entry.done) {
                List<Entry<?>> batch = new ArrayList<>();
                for (Entry<?> next; (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                runBatch(batch);
            }
        } finally {
            leader.unlock();
        }
        if (entry.error != null) {
            throw entry.error;
        }
        return entry.result;
    }

    private void runBatch(List<Entry<?>> batch) {
        try {
            transaction.executeWithoutResult(status -> batch.forEach(Entry::compute));
            batch.forEach(entry -> entry.done = true);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            for (Entry<?> entry : batch) {
                try {
                    transaction.executeWithoutResult(status -> entry.compute());
                    entry.done = true;
                } catch (RuntimeException alone) {
                    entry.fail(alone);
                }
            }
        }
    }

    /** A queued piece of work; its fields are written and read under the lock. */
    private static final class Entry<T> {

        final Supplier<T> work;
        @Nullable T result;
        @Nullable RuntimeException error;
        boolean done;

        Entry(Supplier<T> work) {
            this.work = work;
        }

        void compute() {
            result = work.get();
        }

        void fail(RuntimeException failure) {
            result = null;
            error = failure;
            done = true;
        }
    }
}
