package org.chapkit.tasks.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.mvstore.CompactionSlice;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's compaction of an H2 file ({@link H2Compaction}): with {@code AUTO_COMPACT_FILL_RATE=0} H2 leaves a
 * file half dead, and the slices bring it back above the target, a bounded amount at a time, without losing a row.
 *
 * <p>The file is made half dead on purpose: rows of two tables are written in turns, one store each, so every
 * chunk holds pages of both; dropping one table leaves every chunk about half live. The write delay is long so
 * that only the test's {@code CHECKPOINT}s store, and the retention time 0 lets a chunk be rewritten at once.
 */
@Timeout(120)
class H2CompactionTest {

    private static final int ROUNDS = 24;
    private static final int ROWS_PER_ROUND = 1_000;
    /** Chunks still live after a burst that rewrites the same rows at every store: the last ones written. */
    private static final int LIVE_CHUNKS = 4;

    @TempDir
    Path dir;

    private DataSource open(String settings) {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:async:" + dir.resolve("db")
                + ";WRITE_DELAY=60000;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE" + settings, "sa", "");
        JdbcClient.create(dataSource).sql("SET RETENTION_TIME 0").update();
        return dataSource;
    }

    /** Leaves the file about half live: every chunk holds rows of a table that is then dropped. */
    private static void halfDeadFile(DataSource dataSource) {
        JdbcClient db = JdbcClient.create(dataSource);
        db.sql("create table kept (id int primary key, v varchar(300))").update();
        db.sql("create table dropped (id int primary key, v varchar(300))").update();
        db.sql("create table tick (id int primary key, at bigint)").update();
        for (int round = 0; round < ROUNDS; round++) {
            for (String table : new String[] {"kept", "dropped"}) {
                db.sql("insert into " + table + " select x, repeat(cast(x as varchar), 40) from system_range(?, ?)")
                        .params(round * ROWS_PER_ROUND, (round + 1) * ROWS_PER_ROUND - 1).update();
            }
            checkpoint(dataSource);
        }
        db.sql("drop table dropped").update();
        checkpoint(dataSource);
        checkpoint(dataSource);
    }

    private static void checkpoint(DataSource dataSource) {
        JdbcClient.create(dataSource).sql("CHECKPOINT").update();
    }

    /**
     * A commit and its store, as the service makes all the time: H2 frees a chunk emptied by a rewrite at a store
     * after the one that wrote its pages elsewhere, and a {@code CHECKPOINT} with nothing to store does nothing.
     */
    private static void commitAndStore(DataSource dataSource) {
        JdbcClient.create(dataSource).sql("merge into tick key (id) values (1, ?)").param(System.nanoTime()).update();
        checkpoint(dataSource);
    }

    /** The share (%) of live bytes in all the file's chunks. */
    private static int fillRate(MVStore store) {
        return store.getFileStore().getChunksFillRate();
    }

    private static void assertKeptRowsIntact(DataSource dataSource) {
        JdbcClient db = JdbcClient.create(dataSource);
        assertThat(db.sql("select count(*) from kept").query(Long.class).single()).isEqualTo((long) ROUNDS * ROWS_PER_ROUND);
        assertThat(db.sql("select count(*) from kept where v = repeat(cast(id as varchar), 40)").query(Long.class).single())
                .isEqualTo((long) ROUNDS * ROWS_PER_ROUND);
    }

    @Test
    void withTheSettingH2LeavesTheFileHalfDead() {
        DataSource dataSource = open(";AUTO_COMPACT_FILL_RATE=0");
        MVStore store = H2Compaction.handedOverStore(dataSource);
        assertThat(store).isNotNull();

        halfDeadFile(dataSource);
        for (int i = 0; i < 20; i++) {
            commitAndStore(dataSource);
        }

        assertThat(fillRate(store)).isLessThan(H2Compaction.TARGET_FILL_RATE);
    }

    @Test
    void slicesBringTheFileAboveTheTargetInSeveralBoundedStepsAndKeepEveryRow() {
        DataSource dataSource = open(";AUTO_COMPACT_FILL_RATE=0");
        MVStore store = H2Compaction.handedOverStore(dataSource);
        halfDeadFile(dataSource);
        int before = fillRate(store);
        long liveBytes = (long) store.getFileStore().size() * before / 100;

        int slices = 0;
        while (H2Compaction.slice(store) >= 0) {
            slices++;
            checkpoint(dataSource); // as the service's next store would: writes the rewritten pages out
            assertThat(slices).as("slices before the chunks are full enough").isLessThan(1_000);
        }
        commitAndStore(dataSource);
        commitAndStore(dataSource);

        assertThat(before).isLessThan(H2Compaction.TARGET_FILL_RATE);
        assertThat(CompactionSlice.rewritableFillRate(store)).isGreaterThanOrEqualTo(H2Compaction.TARGET_FILL_RATE);
        assertThat(fillRate(store)).isGreaterThanOrEqualTo(H2Compaction.TARGET_FILL_RATE);
        // several MiB live, at most SLICE_BYTES (256 KiB) per slice: one slice could not have done it
        assertThat(liveBytes).isGreaterThan(3L * H2Compaction.SLICE_BYTES);
        assertThat(slices).isGreaterThan(1);
        assertKeptRowsIntact(dataSource);
    }

    @Test
    void theCompactionThreadCompactsAsStoresGoOnAndStopsOnClose() throws Exception {
        DataSource dataSource = open(";AUTO_COMPACT_FILL_RATE=0");
        MVStore store = H2Compaction.handedOverStore(dataSource);
        halfDeadFile(dataSource);
        assertThat(fillRate(store)).isLessThan(H2Compaction.TARGET_FILL_RATE);

        AtomicLong waitsForStores = new AtomicLong(); // counted as FlushingDataSource counts them: the busy pace
        try (H2Compaction compaction = H2Compaction.startIfHandedOver(dataSource, waitsForStores::get)) {
            assertThat(compaction).isNotNull();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (fillRate(store) < H2Compaction.TARGET_FILL_RATE && System.nanoTime() < deadline) {
                commitAndStore(dataSource); // the service's commits and stores go on meanwhile
                waitsForStores.incrementAndGet();
            }
        }

        assertThat(fillRate(store)).isGreaterThanOrEqualTo(H2Compaction.TARGET_FILL_RATE);
        assertKeptRowsIntact(dataSource);
    }

    /**
     * Rewrites the same rows at every store, so that each store leaves the chunk before it dead; with a retention
     * time of {@code retentionMillis}, H2 keeps their records until a store comes after that time. Returns how many
     * chunks H2 keeps a record of after the last store.
     */
    private static int deadChunksAfterABurst(DataSource dataSource, MVStore store, int retentionMillis) {
        JdbcClient db = JdbcClient.create(dataSource);
        db.sql("SET RETENTION_TIME " + retentionMillis).update();
        db.sql("create table kept (id int primary key, v varchar(300))").update();
        for (int round = 0; round < ROUNDS; round++) {
            db.sql("merge into kept key (id) select x, repeat(cast(x + ? as varchar), 20) from system_range(0, 999)")
                    .param(round).update();
            checkpoint(dataSource);
        }
        return CompactionSlice.chunkCount(store);
    }

    @Test
    void deadChunksOlderThanTheRetentionTimeAreDroppedWithoutWaitingForAStore() throws Exception {
        DataSource dataSource = open(";AUTO_COMPACT_FILL_RATE=0");
        MVStore store = H2Compaction.handedOverStore(dataSource);
        int afterBurst = deadChunksAfterABurst(dataSource, store, 5_000); // far longer than the burst takes
        assertThat(afterBurst).as("chunk records kept after the burst").isGreaterThan(ROUNDS / 2);
        assertThat(H2Compaction.dropDeadChunks(store)).as("none is older than the retention time yet").isZero();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int dropped = 0;
        while (CompactionSlice.chunkCount(store) > LIVE_CHUNKS && System.nanoTime() < deadline) {
            Thread.sleep(50); // the chunks come of age one by one, on H2's clock; nothing is stored meanwhile
            dropped += H2Compaction.dropDeadChunks(store);
        }

        assertThat(CompactionSlice.chunkCount(store)).isLessThanOrEqualTo(LIVE_CHUNKS);
        assertThat(dropped).isEqualTo(afterBurst - CompactionSlice.chunkCount(store));
        JdbcClient.create(dataSource).sql("update kept set v = v where id = 0").update();
        checkpoint(dataSource); // the next store writes the file's layout without them
        assertThat(JdbcClient.create(dataSource).sql("select count(*) from kept where v = repeat(cast(id + ? as varchar), 20)")
                .param(ROUNDS - 1).query(Long.class).single()).isEqualTo(1_000L);
    }

    @Test
    void theCompactionThreadDropsDeadChunksOnAQuietFile() throws Exception {
        DataSource dataSource = open(";AUTO_COMPACT_FILL_RATE=0");
        MVStore store = H2Compaction.handedOverStore(dataSource);
        int afterBurst = deadChunksAfterABurst(dataSource, store, 500);

        try (H2Compaction compaction = H2Compaction.startIfHandedOver(dataSource, () -> 0)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (CompactionSlice.chunkCount(store) > LIVE_CHUNKS && System.nanoTime() < deadline) {
                Thread.sleep(20); // the thread looks once a second once the chunks are old enough
            }
        }

        assertThat(afterBurst).isGreaterThan(ROUNDS / 2);
        assertThat(CompactionSlice.chunkCount(store)).isLessThanOrEqualTo(LIVE_CHUNKS);
    }

    @Test
    void withoutTheSettingCompactionIsLeftToH2() {
        DataSource dataSource = open("");

        assertThat(H2Compaction.handedOverStore(dataSource)).isNull();
        assertThat(H2Compaction.startIfHandedOver(dataSource, () -> 0)).isNull();
    }
}
