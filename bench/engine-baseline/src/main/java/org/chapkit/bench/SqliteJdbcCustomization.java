package org.chapkit.bench;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler 16.7.1 has no SQLite customization: the default one with SQLite's {@code LIMIT n} instead of the
 * ANSI {@code FETCH FIRST n ROWS ONLY} that SQLite refuses. Instants go through {@code setTimestamp}, which
 * sqlite-jdbc stores as epoch milliseconds.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

    SqliteJdbcCustomization() {
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
