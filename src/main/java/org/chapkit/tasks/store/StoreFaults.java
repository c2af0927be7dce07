package org.chapkit.tasks.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean the store cannot be used right now (unreachable, out of connections, disk full, read-only),
 * as opposed to a mistake in a statement: the first are answered 503 {@code store-unavailable} and pass by
 * themselves, the second are bugs.
 */
public final class StoreFaults {

    /** SQLite's primary result codes for a store that cannot be written or read now. */
    private static final Set<Integer> SQLITE_UNAVAILABLE = Set.of(
            5,   // SQLITE_BUSY: another writer held the file past the busy timeout
            6,   // SQLITE_LOCKED
            7,   // SQLITE_NOMEM
            8,   // SQLITE_READONLY
            10,  // SQLITE_IOERR
            13,  // SQLITE_FULL
            14,  // SQLITE_CANTOPEN
            15); // SQLITE_PROTOCOL

    private StoreFaults() {
    }

    /** Whether {@code failure}, or any of its causes, says the store is unavailable. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException) {
                return true;
            }
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && isUnavailable(rollback.getApplicationException())) {
                return true; // the rollback failed on a connection the failure had closed; the failure tells why
            }
        }
        return false;
    }

    private static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        if (e instanceof SQLiteException) {
            return SQLITE_UNAVAILABLE.contains(e.getErrorCode() & 0xff);
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08")      // connection exception
                || state.startsWith("53")                    // insufficient resources: disk full, out of memory, too many connections
                || state.startsWith("57P")                   // operator intervention: shutdown, cannot connect now
                || state.startsWith("58")                    // system error: I/O
                || state.equals("25006"));                   // read-only transaction (a standby, default_transaction_read_only)
    }
}
