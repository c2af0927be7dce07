package org.chapkit.tasks.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the store's being unavailable (503, they pass) and which are mistakes (500). */
class StoreFaultsTest {

    @ParameterizedTest(name = "SQLState {0}: unavailable {1}")
    @CsvSource({
            "08006, true",   // connection failure
            "08001, true",   // cannot connect
            "53100, true",   // disk full
            "53300, true",   // too many connections
            "57P01, true",   // admin shutdown
            "25006, true",   // read-only transaction
            "58030, true",   // I/O error
            "23505, false",  // unique violation
            "42P01, false",  // undefined table
            "22021, false"}) // bad encoding (a NUL in text)
    void postgresStates(String state, boolean unavailable) {
        SQLException e = new SQLException("from the server", state);
        assertThat(StoreFaults.isUnavailable(new UncategorizedSQLException("update", "sql", e))).isEqualTo(unavailable);
    }

    @ParameterizedTest(name = "{0}: unavailable {1}")
    @CsvSource({
            "SQLITE_FULL, true", "SQLITE_READONLY, true", "SQLITE_IOERR_WRITE, true", "SQLITE_BUSY, true",
            "SQLITE_CANTOPEN, true", "SQLITE_CONSTRAINT_PRIMARYKEY, false", "SQLITE_ERROR, false", "SQLITE_TOOBIG, false"})
    void sqliteCodes(SQLiteErrorCode code, boolean unavailable) {
        SQLiteException e = new SQLiteException(code.message, code);
        assertThat(StoreFaults.isUnavailable(new UncategorizedSQLException("update", "sql", e))).isEqualTo(unavailable);
        assertThat(new SqliteExceptionTranslator().translate("update", "sql", e) instanceof org.springframework.dao.DataAccessResourceFailureException
                || new SqliteExceptionTranslator().translate("update", "sql", e) instanceof org.springframework.dao.TransientDataAccessResourceException)
                .isEqualTo(unavailable);
    }

    @Test
    void aPoolThatGivesNoConnectionInTimeIsUnavailable() {
        assertThat(StoreFaults.isUnavailable(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void aRollbackThatFailedAfterTheConnectionBrokeTellsTheFirstFailure() {
        TransactionSystemException rollback = new TransactionSystemException("rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new UncategorizedSQLException("insert", "sql", new SQLException("I/O error", "08006")));
        assertThat(StoreFaults.isUnavailable(rollback)).isTrue();
    }

    @Test
    void mistakesAreNotOutages() {
        assertThat(StoreFaults.isUnavailable(new DataIntegrityViolationException("taken"))).isFalse();
        assertThat(StoreFaults.isUnavailable(new IllegalStateException("bug"))).isFalse();
        assertThat(StoreFaults.isUnavailable(new SQLException("no state"))).isFalse();
    }

    @Test
    void textIsCutAndMarkedAndLosesItsNulCharacters() {
        assertThat(StoreText.clip(null, 10)).isNull();
        assertThat(StoreText.clip("short", 10)).isEqualTo("short");
        assertThat(StoreText.clip("a\0b", 10)).isEqualTo("a\uFFFDb");
        assertThat(StoreText.clip("x".repeat(25), 10)).isEqualTo("x".repeat(10) + "… [cut: 15 more characters]");
        String pair = "\uD83D\uDE00"; // one emoji, two chars: never cut in half
        assertThat(StoreText.clip("123456789" + pair, 10)).isEqualTo("123456789… [cut: 2 more characters]");
    }
}
