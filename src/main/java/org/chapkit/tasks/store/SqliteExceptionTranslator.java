package org.chapkit.tasks.store;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;

/**
 * SQLite's result codes in Spring's exception hierarchy, which has no table for SQLite: a taken key is a
 * {@link DuplicateKeyException}, a full, read-only or unreadable file a {@link DataAccessResourceFailureException},
 * a writer that waited past the busy timeout a {@link TransientDataAccessResourceException}.
 */
public final class SqliteExceptionTranslator extends AbstractFallbackSQLExceptionTranslator {

    public SqliteExceptionTranslator() {
        setFallbackTranslator(new SQLExceptionSubclassTranslator());
    }

    @Override
    protected @Nullable DataAccessException doTranslate(String task, @Nullable String sql, SQLException ex) {
        if (!(ex instanceof SQLiteException sqlite)) {
            return null;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        String message = buildMessage(task, sql, ex);
        return switch (code.code & 0xff) {
            case 19 -> code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    ? new DuplicateKeyException(message, ex) : new DataIntegrityViolationException(message, ex);
            case 5, 6 -> new TransientDataAccessResourceException(message, ex);
            case 7, 8, 10, 13, 14, 15 -> new DataAccessResourceFailureException(message, ex);
            default -> null;
        };
    }
}
