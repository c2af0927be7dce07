package org.chapkit.tasks.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * What differs between the two stores for the service's own tables: how an instant is written and read. On
 * PostgreSQL a {@code timestamp with time zone}; on SQLite, which has no time type, ISO-8601 text of one fixed
 * width ({@code 2026-11-26T10:15:30.123Z}), so that comparing the text compares the times.
 */
public final class StoreDialect {

    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final int FREE_PAGES_BATCH = 2000;

    private final String name;
    private final boolean sqlite;

    private StoreDialect(String name) {
        this.name = name;
        this.sqlite = name.toLowerCase(Locale.ROOT).contains("sqlite");
    }

    /** The dialect of the database behind {@code dataSource}, read from its metadata. */
    public static StoreDialect of(DataSource dataSource) {
        try {
            return new StoreDialect(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database's name: " + e.getMessage(), e);
        }
    }

    /** For tests: a dialect by product name ({@code SQLite}, {@code PostgreSQL}). */
    public static StoreDialect named(String productName) {
        return new StoreDialect(productName);
    }

    /** The database's product name. */
    public String name() {
        return name;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    /**
     * Whether commits wait for one another, so that work arriving together is cheaper in one transaction
     * (SQLite: one writer at a time). PostgreSQL commits concurrent transactions in parallel.
     */
    public boolean singleWriter() {
        return sqlite;
    }

    /**
     * Gives the pages that deleted rows freed back to the file system, a batch at a time so that no writer waits
     * long behind it (SQLite, whose files the service creates with incremental auto-vacuum; PostgreSQL's own
     * autovacuum needs no help).
     *
     * @return how many pages were given back
     */
    public long releaseFreePages(DataSource dataSource) {
        if (!sqlite) {
            return 0;
        }
        long released = 0;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (long free; (free = freePages(statement)) > 0; ) {
                statement.execute("pragma incremental_vacuum(" + FREE_PAGES_BATCH + ")");
                long left = freePages(statement);
                if (left >= free) {
                    break; // auto-vacuum is off in this file (made before the service set it): nothing to give back
                }
                released += free - left;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not give free pages back: " + e.getMessage(), e);
        }
        return released;
    }

    private static long freePages(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("pragma freelist_count")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** An instant as a statement parameter. */
    public @Nullable Object time(@Nullable Instant instant) {
        if (instant == null) {
            return null;
        }
        return sqlite ? SQLITE_TIME.format(instant) : instant.atOffset(ZoneOffset.UTC);
    }

    /** An instant read from a column written by {@link #time}. */
    public @Nullable Instant time(ResultSet rs, String column) throws SQLException {
        if (sqlite) {
            String text = rs.getString(column);
            return text == null ? null : Instant.parse(text);
        }
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
