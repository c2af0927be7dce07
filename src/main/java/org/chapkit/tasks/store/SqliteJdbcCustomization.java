package org.chapkit.tasks.store;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler's default JDBC customization with SQLite's {@code LIMIT n}, where the default writes the ANSI
 * {@code OFFSET 0 ROWS FETCH FIRST n ROWS ONLY} that SQLite refuses. Instants are written as db-scheduler writes
 * them everywhere ({@code setTimestamp}), which sqlite-jdbc stores as epoch milliseconds.
 */
public final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

    public SqliteJdbcCustomization() {
        super(true);
    }

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public boolean supportsExplicitQueryLimitPart() {
        return true;
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }
}
