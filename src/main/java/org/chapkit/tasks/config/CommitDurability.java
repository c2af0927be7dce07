package org.chapkit.tasks.config;

import java.util.function.Supplier;

/**
 * When the service's commits reach the disk. On an embedded H2 file a commit is flushed before it returns
 * ({@link FlushingDataSource}) unless it is deferred: a caller that serializes commits behind a lock of its own
 * (group commit) can commit inside the lock and wait for the disk outside it, so that the next group commits
 * while this one is stored, or not wait at all when a read will store the commit before anyone sees it. On
 * other databases a commit is durable when it returns, and these methods just run their work.
 */
public interface CommitDurability {

    /**
     * Runs {@code work}; the commits it makes on this thread return without waiting for the disk. They reach it
     * with the next store: a {@link #flush()} on any thread, or the first read that sees them (which waits for
     * it), so no one is shown a change a crash could take back. A crash before then loses them.
     */
    <T> T deferringFlush(Supplier<T> work);

    /**
     * Runs {@code work}; the reads it makes on this thread return without waiting for the commits they saw to
     * reach the disk. Only for work that shows no one what it read before a commit of its own is on disk (a
     * store holds every commit applied before it).
     */
    <T> T withoutReadWaits(Supplier<T> work);

    /** Returns once every commit applied so far, by any thread, is on disk. */
    void flush();

    /**
     * Whether concurrent commits reach the disk in one store that they share, so that grouping them saves
     * stores (an H2 file); false where the database makes each commit durable itself (PostgreSQL).
     */
    boolean sharedStores();

    /** Commits are durable when they return. */
    CommitDurability IMMEDIATE = new CommitDurability() {
        @Override
        public <T> T deferringFlush(Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T withoutReadWaits(Supplier<T> work) {
            return work.get();
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean sharedStores() {
            return false;
        }
    };
}
