package org.chapkit.tasks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits made through {@link FlushingDataSource} survive a crash of an H2 file database whose own write delay
 * (a minute here) has not yet stored them; {@code SHUTDOWN IMMEDIATELY} closes the file without storing anything,
 * as a {@code kill -9} would.
 */
@Timeout(60)
class FlushingDataSourceTest {

    @TempDir
    Path dir;

    private DataSource raw;
    private FlushingDataSource flushing;

    /** DB_CLOSE_DELAY=-1 keeps the database open between connections, as the service's pool does. */
    @BeforeEach
    void open() {
        raw = new DriverManagerDataSource("jdbc:h2:async:" + dir.resolve("db") + ";WRITE_DELAY=60000;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        flushing = new FlushingDataSource(raw);
        JdbcClient.create(flushing).sql("create table t (id int primary key)").update();
    }

    @Test
    void aWriteInAutoCommitModeSurvivesACrash() {
        JdbcClient.create(flushing).sql("insert into t values (1)").update();
        crash();
        assertThat(ids()).containsExactly(1);
    }

    @Test
    void aCommittedTransactionSurvivesACrash() throws Exception {
        try (Connection connection = flushing.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into t values (1)");
                statement.executeUpdate("insert into t values (2)");
            }
            connection.commit();
        }
        crash();
        assertThat(ids()).containsExactly(1, 2);
    }

    @Test
    void workOnTheWrappedDataSourceJoinsASpringTransactionOpenedOnTheWrapper() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(flushing));
        JdbcClient joined = JdbcClient.create(new TransactionAwareDataSourceProxy(raw)); // as db-scheduler sees it
        transaction.executeWithoutResult(status -> {
            JdbcClient.create(flushing).sql("insert into t values (1)").update();
            joined.sql("insert into t values (2)").update();
        });
        transaction.executeWithoutResult(status -> {
            joined.sql("insert into t values (3)").update();
            status.setRollbackOnly();
        });
        crash();
        assertThat(ids()).containsExactly(1, 2);
    }

    /**
     * A commit is visible a moment before it is stored: here the commit is held in that moment (H2's commit has
     * returned, the flush has not run) while another connection reads the row. The read returns only once the
     * commit is on disk, so what a client was shown survives a crash.
     */
    @Test
    void aReadThatSeesACommitNotYetOnDiskReturnsOnceItIsStored() throws Exception {
        CountDownLatch applied = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FlushingDataSource held = new FlushingDataSource(new DelegatingDataSource(raw) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            Object result = method.invoke(connection, args);
                            if (method.getName().equals("commit")) {
                                applied.countDown();
                                release.await(); // held between H2's commit and the flush
                            }
                            return result;
                        });
            }
        });
        Thread writer = new Thread(() -> new TransactionTemplate(new DataSourceTransactionManager(held))
                .executeWithoutResult(status -> JdbcClient.create(held).sql("insert into t values (1)").update()));
        writer.start();
        applied.await();
        assertReadWaitsFor(held, release::countDown, writer);
    }

    @Test
    void aDeferredCommitIsNotOnDiskUntilFlushed() {
        flushing.deferringFlush(() -> JdbcClient.create(flushing).sql("insert into t values (1)").update());
        crash();
        assertThat(ids()).isEmpty();
    }

    @Test
    void aDeferredCommitIsOnDiskOnceFlushed() {
        flushing.deferringFlush(() -> JdbcClient.create(flushing).sql("insert into t values (1)").update());
        flushing.flush();
        crash();
        assertThat(ids()).containsExactly(1);
    }

    /** No one flushes a deferred commit here: the read that sees it stores it before it returns. */
    @Test
    void aReadThatSeesADeferredCommitStoresItBeforeItReturns() {
        flushing.deferringFlush(() -> JdbcClient.create(flushing).sql("insert into t values (1)").update());
        assertThat(JdbcClient.create(flushing).sql("select id from t").query(Integer.class).list()).containsExactly(1);
        crash();
        assertThat(ids()).containsExactly(1);
    }

    /** The control for the test above: a read that does not wait stores nothing, so the deferred commit is lost. */
    @Test
    void aReadWithoutReadWaitsLeavesADeferredCommitOffTheDisk() {
        flushing.deferringFlush(() -> JdbcClient.create(flushing).sql("insert into t values (1)").update());
        assertThat(flushing.withoutReadWaits(() -> JdbcClient.create(flushing).sql("select id from t").query(Integer.class).list()))
                .containsExactly(1);
        crash();
        assertThat(ids()).isEmpty();
    }

    /** A later commit that waits for the disk takes the deferred commits before it there too. */
    @Test
    void aCommitThatWaitsStoresTheDeferredCommitsBeforeIt() {
        flushing.deferringFlush(() -> JdbcClient.create(flushing).sql("insert into t values (1)").update());
        JdbcClient.create(flushing).sql("insert into t values (2)").update();
        crash();
        assertThat(ids()).containsExactly(1, 2);
    }

    /**
     * A read of the row through {@code source} is still waiting after 300 ms; once {@code release} lets the
     * writer's commit return, it returns the row, and the row survives a crash.
     */
    private void assertReadWaitsFor(DataSource source, Runnable release, Thread writer) throws Exception {
        FutureTask<List<Integer>> read = new FutureTask<>(() -> JdbcClient.create(source).sql("select id from t").query(Integer.class).list());
        new Thread(read).start();
        try {
            assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        } finally {
            release.run();
        }
        assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly(1);
        writer.join();
        crash();
        assertThat(ids()).containsExactly(1);
    }

    /** The control: without the wrapper, the same write is lost, so the tests above can fail. */
    @Test
    void aWriteThatIsNotFlushedIsLostInACrash() {
        JdbcClient.create(raw).sql("insert into t values (1)").update();
        crash();
        assertThat(ids()).isEmpty();
    }

    private void crash() {
        JdbcClient.create(raw).sql("shutdown immediately").update();
    }

    private List<Integer> ids() {
        return JdbcClient.create(raw).sql("select id from t order by id").query(Integer.class).list();
    }
}
