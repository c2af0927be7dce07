package org.chapkit.tasks.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's tables come with a history of their own, beside whatever else the database holds. */
class StoreSchemaTest {

    @TempDir
    Path dir;

    @Test
    void aFreshStoreGetsEveryMigrationAndASecondStartChangesNothing() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir, Duration.ofSeconds(3))) {
            migrate(store);
            JdbcClient jdbc = JdbcClient.create(store);
            List<String> scripts = scripts(jdbc);
            assertThat(scripts).startsWith("V1__jobs_artifacts_engine.sql").hasSizeGreaterThanOrEqualTo(5);

            migrate(store);
            assertThat(scripts(jdbc)).isEqualTo(scripts);
        }
    }

    @Test
    void aDatabaseWithTheApplicationsOwnTablesAndHistoryKeepsThem() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir, Duration.ofSeconds(3))) {
            JdbcClient jdbc = JdbcClient.create(store);
            jdbc.sql("create table orders (id integer primary key)").update();
            jdbc.sql("insert into orders values (7)").update();
            Flyway.configure().dataSource(store).locations("classpath:org/chapkit/tasks/store/no-such-migrations")
                    .baselineOnMigrate(true).baselineVersion("1").load().migrate(); // the application's Flyway, first

            migrate(store);

            assertThat(jdbc.sql("select id from orders").query(Integer.class).list()).containsExactly(7);
            assertThat(jdbc.sql("select count(*) from flyway_schema_history").query(Integer.class).single()).isEqualTo(1);
            assertThat(scripts(jdbc)).contains("V1__jobs_artifacts_engine.sql", "V5__store_probe.sql");
            assertThat(jdbc.sql("select count(*) from jobs").query(Integer.class).single()).isZero();
        }
    }

    @Test
    void aStoreWhoseHistoryIsInFlywaysDefaultTableKeepsItUnderTheNewName() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir, Duration.ofSeconds(3))) {
            Flyway.configure().dataSource(store)
                    .locations("classpath:org/chapkit/tasks/store/migration/common", "classpath:org/chapkit/tasks/store/migration/sqlite")
                    .target("5").load().migrate();
            JdbcClient jdbc = JdbcClient.create(store);
            jdbc.sql("insert into store_probe (id, checked_at) values (2, 'x')").update();

            migrate(store);

            assertThat(scripts(jdbc)).startsWith("V1__jobs_artifacts_engine.sql", "V2__idempotency_keys.sql");
            assertThat(jdbc.sql("select count(*) from sqlite_master where name = 'flyway_schema_history'").query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from store_probe where id = 2").query(Integer.class).single()).isOne();
        }
    }

    private static void migrate(EmbeddedStore store) throws Exception {
        new StoreSchema(store, StoreDialect.of(store)).afterPropertiesSet();
    }

    private static List<String> scripts(JdbcClient jdbc) {
        return jdbc.sql("select script from " + StoreSchema.HISTORY_TABLE + " where type = 'SQL' order by installed_rank").query(String.class).list();
    }
}
