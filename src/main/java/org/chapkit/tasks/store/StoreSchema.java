package org.chapkit.tasks.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The service's tables, brought up to date by Flyway when the application starts, with a history table of their
 * own, {@value #HISTORY_TABLE}: the application's own Flyway, if it has one, keeps its {@code flyway_schema_history}
 * and its migrations, and neither sees the other's. In a database that already holds other tables the history starts
 * from a baseline below the first version, so every migration still runs.
 * <p>
 * Spring Boot runs every database initializer before the beans that use the database
 * ({@link StoreSchemaInitializerDetector}), and the application's own initializers before this one.
 */
public final class StoreSchema implements InitializingBean {

    public static final String HISTORY_TABLE = "chapkit_schema_history";

    private static final Logger log = LoggerFactory.getLogger(StoreSchema.class);
    private static final String LOCATION = "classpath:org/chapkit/tasks/store/migration/";
    /** The scripts of a store made before the history had a name of its own, when it shared Flyway's default one. */
    private static final Set<String> EARLIER_SCRIPTS = Set.of("V1__jobs_artifacts_engine.sql", "V2__idempotency_keys.sql",
            "V3__drop_unused_engine_priority_index.sql", "V4__drop_indexes_only_housekeeping_reads.sql", "V5__store_probe.sql");
    private static final String EARLIER_HISTORY_TABLE = "flyway_schema_history";

    private final DataSource dataSource;
    private final StoreDialect dialect;

    public StoreSchema(DataSource dataSource, StoreDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        String vendor = vendor(dialect);
        adoptEarlierHistory();
        MigrateResult result = Flyway.configure(StoreSchema.class.getClassLoader())
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations(LOCATION + "common", LOCATION + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Store schema migrated to version {} ({} migration(s))", result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    private static String vendor(StoreDialect dialect) {
        if (dialect.isSqlite()) {
            return "sqlite";
        }
        if (dialect.name().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return "postgresql";
        }
        throw new IllegalStateException("chapkit-tasks keeps its jobs in SQLite or PostgreSQL; the application's DataSource is "
                + dialect.name() + ". Leave spring.datasource.url unset for the embedded store, or point it at PostgreSQL.");
    }

    /**
     * A store whose history is still in Flyway's default table, holding this service's scripts and nothing else, keeps
     * it under the new name; a default table holding anything else belongs to the application and is left alone.
     */
    private void adoptEarlierHistory() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, EARLIER_HISTORY_TABLE) || exists(connection, HISTORY_TABLE)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("select type, script from " + EARLIER_HISTORY_TABLE)) {
                    while (rows.next()) {
                        if (!"SCHEMA".equals(rows.getString(1)) && !EARLIER_SCRIPTS.contains(rows.getString(2))) {
                            return;
                        }
                    }
                }
                statement.execute("alter table " + EARLIER_HISTORY_TABLE + " rename to " + HISTORY_TABLE);
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
            log.info("Store schema history moved from {} to {}", EARLIER_HISTORY_TABLE, HISTORY_TABLE);
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet tables = metadata.getTables(connection.getCatalog(), connection.getSchema(), table, new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
