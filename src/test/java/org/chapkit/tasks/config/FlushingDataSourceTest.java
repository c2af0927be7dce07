package org.chapkit.tasks.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits made through {@link FlushingDataSource} survive a crash of an H2 file database whose own write delay
 * (a minute here) has not yet stored them; {@code SHUTDOWN IMMEDIATELY} closes the file without storing anything,
 * as a {@code kill -9} would.
 */
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

    private java.util.List<Integer> ids() {
        return JdbcClient.create(raw).sql("select id from t order by id").query(Integer.class).list();
    }
}
