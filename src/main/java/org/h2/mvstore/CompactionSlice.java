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
}
