package org.chapkit.tasks.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.CompactionSlice;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an embedded H2 file in small slices on a thread of its own, in place of H2's background compaction,
 * which the database URL turns off with {@code AUTO_COMPACT_FILL_RATE=0} (the default URL does).
 *
 * <p>H2 keeps the file compact by rewriting the live pages of sparse chunks while it holds the lock that every
 * store of a commit takes. Its own background writer rewrites up to 19 MB in one pass when the file has been
 * quiet for a moment (a quarter of that under load), so a commit that waits for the disk, such as a cancel or a
 * submit just after a burst of jobs, could wait 0.4-0.7 s behind it (bench/notes.md). Here one slice rewrites
 * at most {@link #SLICE_BYTES}. While the service's commits wait for stores, the next slice waits at least four
 * times as long as the last one held the store, so commits take the lock in between; on a quiet service it waits
 * as long, so the compaction after a burst ends sooner. A commit waits for at most the slice under way. The work
 * and the choice of chunks are H2's own ({@link CompactionSlice}: the chunks old enough to rewrite and below their
 * average fill rate, as its pass under load chooses); only the size of a pass, its pace and when it starts are
 * ours. Free space is reused; the file does not shrink while the
 * service runs.
 *
 * <p>Meters: {@code chapkit_h2_compaction_slices_total}, {@code chapkit_h2_compaction_seconds_total} (time the
 * slices held the store), {@code chapkit_h2_compaction_longest_seconds} (the longest slice) and
 * {@code chapkit_h2_rewritable_live_ratio} (the share of live bytes in the chunks it may rewrite).
 */
final class H2Compaction implements AutoCloseable, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    /**
     * At most this many bytes of live pages are rewritten while the store lock is held. A slice also walks every
     * chunk's record (a few ms on a file of ~100k jobs), so smaller slices save little more (bench/notes.md).
     */
    static final int SLICE_BYTES = 256 * 1024;
    /**
     * Slices run while the chunks H2 may rewrite are less than this share (%) live. H2's own passes start below
     * 62 under load and below 90 on a quiet file; the slices are small enough to keep one target at all times.
     */
    static final int TARGET_FILL_RATE = 80;
    /** How often to look again once the chunks are full enough. */
    private static final long IDLE_PAUSE_MILLIS = 100;
    /**
     * How often, while there is nothing to rewrite, to drop the dead chunks older than H2's retention time. H2
     * drops them only at its next store: after a burst of commits, ~20k chunk records (~6 MiB of heap) and their
     * pages in its cache waited for one that a quiet service may never make (bench/notes.md, session 12).
     */
    private static final long DROP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The pause after a slice while the service's commits wait for stores: at least this, and this many times as
     * long as the slice held the store.
     */
    private static final long MIN_PAUSE_MILLIS = 10;
    private static final int PAUSE_PER_SLICE_TIME = 4;
    /** The pause after a slice when no commit waited for a store since the last one: as long as the slice held it. */
    private static final long MIN_QUIET_PAUSE_MILLIS = 1;

    private final MVStore store;
    private final Thread thread;
    /** Counted down by {@link #close}; the thread waits on it between slices, and is never interrupted. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Written by the compaction thread only; read by metrics. */
    private volatile long slices;
    private volatile long sliceNanos;
    private volatile long longestNanos;
    private volatile long droppedChunks;
    /** How many times the service's commits have waited for a store so far. */
    private final LongSupplier waitsForStores;

    private H2Compaction(MVStore store, LongSupplier waitsForStores) {
        this.store = store;
        this.waitsForStores = waitsForStores;
        this.thread = new Thread(this::run, "h2-compaction");
        this.thread.setDaemon(true);
    }

    /**
     * Starts compacting the H2 file behind {@code dataSource} when its URL has turned H2's own compaction off,
     * paced by {@code waitsForStores}, a count of the times the service's commits have waited for a store;
     * returns null, and leaves compaction to H2, when it has not.
     */
    static @Nullable H2Compaction startIfHandedOver(DataSource dataSource, LongSupplier waitsForStores) {
        MVStore store = handedOverStore(dataSource);
        if (store == null) {
            log.info("H2 compacts its file itself, in background passes that can hold every commit for a few hundred ms; "
                    + "AUTO_COMPACT_FILL_RATE=0 in the datasource URL hands compaction to the service, in slices of {} KiB",
                    SLICE_BYTES / 1024);
            return null;
        }
        H2Compaction compaction = new H2Compaction(store, waitsForStores);
        compaction.thread.start();
        log.info("H2 file compaction by the service: slices of at most {} KiB while the chunks old enough to rewrite are less than {}% live",
                SLICE_BYTES / 1024, TARGET_FILL_RATE);
        return compaction;
    }

    /**
     * The store of the H2 file behind {@code dataSource} if it is embedded in this process and its URL turned
     * H2's compaction off, else null.
     */
    static @Nullable MVStore handedOverStore(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null; // an H2 server's database: the server compacts it
            }
            Database database = session.getDatabase();
            if (database.getSettings().autoCompactFillRate != 0 || database.getStore() == null) {
                return null;
            }
            return database.getStore().getMvStore();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the H2 file's store: " + e.getMessage(), e);
        }
    }

    /**
     * One slice: while the chunks H2 may rewrite are less than {@link #TARGET_FILL_RATE}% live, rewrites at most
     * {@link #SLICE_BYTES} of the live pages of the sparsest of them. Returns the nanoseconds it held the store, or
     * -1 if it rewrote nothing.
     */
    static long slice(MVStore store) {
        try {
            return CompactionSlice.rewrite(store, SLICE_BYTES, TARGET_FILL_RATE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Drops the dead chunks older than H2's retention time, as H2's next store would ({@link CompactionSlice#dropDeadChunks}).
     * Returns how many it dropped.
     */
    static int dropDeadChunks(MVStore store) {
        try {
            return CompactionSlice.dropDeadChunks(store);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void run() {
        long waitsBefore = waitsForStores.getAsLong();
        long lastDrop = System.nanoTime();
        while (stopping.getCount() > 0) {
            long pause = IDLE_PAUSE_MILLIS;
            try {
                long held = slice(store);
                if (held >= 0) {
                    slices++;
                    sliceNanos += held;
                    longestNanos = Math.max(longestNanos, held);
                    long heldMillis = TimeUnit.NANOSECONDS.toMillis(held);
                    boolean busy = waitsForStores.getAsLong() != waitsBefore;
                    pause = busy ? Math.max(MIN_PAUSE_MILLIS, PAUSE_PER_SLICE_TIME * heldMillis)
                            : Math.max(MIN_QUIET_PAUSE_MILLIS, heldMillis);
                    if (log.isDebugEnabled()) {
                        log.debug("H2 compaction slice: held the store {} ms; rewritable chunks {}% live",
                                heldMillis, CompactionSlice.rewritableFillRate(store));
                    }
                } else if (System.nanoTime() - lastDrop >= DROP_INTERVAL_NANOS) {
                    lastDrop = System.nanoTime();
                    int dropped = dropDeadChunks(store);
                    if (dropped > 0) {
                        droppedChunks += dropped;
                        log.debug("H2 compaction: dropped {} dead chunks; {} left", dropped, CompactionSlice.chunkCount(store));
                    }
                }
            } catch (RuntimeException e) {
                if (stopping.getCount() == 0 || store.isClosed()) {
                    return;
                }
                log.warn("H2 file compaction failed; trying again in {} ms: {}", IDLE_PAUSE_MILLIS, e.toString());
            }
            waitsBefore = waitsForStores.getAsLong();
            try {
                stopping.await(pause, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("chapkit.h2.compaction.slices", this, c -> c.slices)
                .description("Slices of H2 file compaction run").register(registry);
        FunctionCounter.builder("chapkit.h2.compaction", this, c -> c.sliceNanos / 1e9).baseUnit("seconds")
                .description("Time H2 file compaction held the store").register(registry);
        Gauge.builder("chapkit.h2.compaction.longest", this, c -> c.longestNanos / 1e9).baseUnit("seconds")
                .description("The longest slice of H2 file compaction").register(registry);
        Gauge.builder("chapkit.h2.rewritable.live.ratio", store, s -> s.isClosed() ? Double.NaN : CompactionSlice.rewritableFillRate(s) / 100.0)
                .description("Share of live bytes in the H2 chunks that compaction may rewrite").register(registry);
        Gauge.builder("chapkit.h2.chunks", store, s -> s.isClosed() ? Double.NaN : CompactionSlice.chunkCount(s))
                .description("Chunks of the H2 file that H2 keeps a record of in memory, live and dead").register(registry);
        FunctionCounter.builder("chapkit.h2.chunks.dropped", this, c -> c.droppedChunks)
                .description("Dead H2 chunks dropped by the compaction thread while no store came to drop them").register(registry);
    }

    /**
     * Stops once the slice under way has ended (a few ms), before the database closes. The thread is not
     * interrupted: outside the {@code async:} file system, an interrupt in H2's I/O closes the file.
     */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("H2 file compaction stopped after {} slices ({} ms in all)", slices,
                TimeUnit.NANOSECONDS.toMillis(sliceNanos));
    }
}
