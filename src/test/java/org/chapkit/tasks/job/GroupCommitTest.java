package org.chapkit.tasks.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.chapkit.tasks.store.EmbeddedStore;
import org.chapkit.tasks.store.SqliteExceptionTranslator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work from many threads shares commits, each caller gets its own result, and one failing piece fails alone. */
class GroupCommitTest {

    @TempDir
    Path dir;
    private EmbeddedStore dataSource;
    private JdbcClient jdbc;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        dataSource = EmbeddedStore.open(dir, Duration.ofSeconds(10));
        dataSource.setMaximumPoolSize(16);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setExceptionTranslator(new SqliteExceptionTranslator());
        jdbc = JdbcClient.create(template);
        jdbc.sql("create table t (id int primary key)").update();
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        dataSource.close();
    }

    /** Shared (SQLite) or a transaction per piece (PostgreSQL): the callers cannot tell the difference. */
    private GroupCommit groupCommit(boolean shared) {
        return new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(dataSource)), shared);
    }

    @ParameterizedTest(name = "shared: {0}")
    @ValueSource(booleans = {true, false})
    void everyCallerGetsItsOwnResultOnceItsWorkIsCommitted(boolean shared) throws Exception {
        GroupCommit groupCommit = groupCommit(shared);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            int id = i;
            results.add(pool.submit(() -> {
                start.await();
                int inserted = groupCommit.run(() -> jdbc.sql("insert into t values (?)").param(id).update() * 1000 + id);
                // committed: another connection sees it
                assertThat(JdbcClient.create(dataSource).sql("select count(*) from t where id = ?").param(id).query(Integer.class).single())
                        .isEqualTo(1);
                return inserted;
            }));
        }
        start.countDown();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(1000 + i);
        }
        assertThat(jdbc.sql("select count(*) from t").query(Integer.class).single()).isEqualTo(800);
    }

    @ParameterizedTest(name = "shared: {0}")
    @ValueSource(booleans = {true, false})
    void aFailingPieceFailsAloneAndTheOthersAreCommitted(boolean shared) throws Exception {
        GroupCommit groupCommit = groupCommit(shared);
        jdbc.sql("insert into t values (7)").update(); // the piece for 7 will hit the primary key
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int id = i;
            results.add(pool.submit(() -> {
                start.await();
                return groupCommit.run(() -> jdbc.sql("insert into t values (?)").param(id).update());
            }));
        }
        start.countDown();
        for (int i = 0; i < results.size(); i++) {
            Future<?> result = results.get(i);
            if (i == 7) {
                assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(org.springframework.dao.DuplicateKeyException.class);
            } else {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
        assertThat(jdbc.sql("select count(*) from t").query(Integer.class).single()).isEqualTo(40);
    }
}
