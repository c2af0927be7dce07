package org.h2.mvstore;

/**
 * Not part of H2: chapkit-tasks' door to one bounded pass of H2's own background compaction
 * ({@code RandomAccessStore.doHousekeeping}), which it runs on its own thread and pace
 * ({@code org.chapkit.tasks.config.H2Compaction}). It lives in H2's package because the pieces it calls are
 * package-private there; H2's public {@link MVStore#compact} rewrites chunks of any fill rate, oldest first, so a
 * service that calls it often rewrites its whole file again and again. It must be loaded by the class loader
 * that loads H2 (true of the application class path, the Spring Boot jar and Maven's test runs).
 */
public final class CompactionSlice {

    private CompactionSlice() {
    }

    /**
     * The share (%) of live bytes in the chunks H2 may rewrite now: those older than its retention time, neither
     * full nor empty. Chunks inside the retention time, which under load are most of the file, do not count.
     */
    public static int rewritableFillRate(MVStore store) {
        return store.getFileStore().getRewritableChunksFillRate();
    }

    /**
     * When the rewritable chunks are less than {@code belowFillRate}% live, rewrites at most {@code writeLimit} bytes
     * of the live pages of those below their average, as H2's background pass under load does, under the store
     * lock (waiting at most 10 ms for it); the next store writes them out and frees the old chunks. Returns the
     * nanoseconds it held the store lock, or -1 if it rewrote nothing.
     */
    public static long rewrite(MVStore store, int writeLimit, int belowFillRate) throws InterruptedException {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore == null || !fileStore.hasPersistentData()) {
            return -1;
        }
        int fillRate = fileStore.getRewritableChunksFillRate();
        if (fillRate >= belowFillRate) {
            return -1;
        }
        Long held = store.tryExecuteUnderStoreLock(() -> {
            long start = System.nanoTime();
            if (!fileStore.rewriteChunks(writeLimit, fillRate)) {
                return -1L;
            }
            fileStore.dropUnusedChunks();
            return System.nanoTime() - start;
        });
        return held == null ? -1 : held;
    }

    /**
     * The chunks H2 keeps a record of (in memory, with their pages' table of contents and cache entries): the live
     * ones and the dead ones it has not yet dropped.
     */
    public static int chunkCount(MVStore store) {
        FileStore<?> fileStore = store.getFileStore();
        return fileStore == null ? 0 : fileStore.chunks.size();
    }

    /**
     * Drops the dead chunks older than the retention time, under the store lock (waiting at most 10 ms for it), as
     * H2 does at the start of every store: it forgets their records and their pages in its cache, and their space
     * in the file may be reused. H2 does it at stores only, so after a burst of writes the chunks that died in its
     * last moments are kept, in memory and in the file, until the next store, however late that comes. Returns how
     * many chunk records it dropped (0 when none was old enough or the lock was busy).
     */
    public static int dropDeadChunks(MVStore store) throws InterruptedException {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore == null || !fileStore.hasPersistentData()) {
            return 0;
        }
        Integer dropped = store.tryExecuteUnderStoreLock(() -> {
            int before = fileStore.chunks.size();
            fileStore.dropUnusedChunks();
            return before - fileStore.chunks.size();
        });
        return dropped == null ? 0 : dropped;
    }
}
