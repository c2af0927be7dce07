package org.chapkit.tasks.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store's file: its settings, one process at a time, and a writer that waits too long. */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsInWalModeWithIncrementalVacuumAndForeignKeys() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, Duration.ofSeconds(3))) {
            JdbcClient jdbc = JdbcClient.create(store);
            assertThat(jdbc.sql("pragma journal_mode").query(String.class).single()).isEqualToIgnoringCase("wal");
            assertThat(jdbc.sql("pragma synchronous").query(Integer.class).single()).isEqualTo(1); // NORMAL
            assertThat(jdbc.sql("pragma auto_vacuum").query(Integer.class).single()).isEqualTo(2); // INCREMENTAL
            assertThat(jdbc.sql("pragma foreign_keys").query(Integer.class).single()).isEqualTo(1);
            assertThat(store.file()).isEqualTo(dir.toAbsolutePath().resolve("chapkit.db"));
        }
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses() {
        EmbeddedStore first = EmbeddedStore.open(dir, Duration.ofSeconds(3));
        assertThatThrownBy(() -> EmbeddedStore.open(dir, Duration.ofSeconds(3)))
                .isInstanceOf(StoreInUseException.class).hasMessageContaining("chapkit.db").hasMessageContaining("in use");
        first.close();
        EmbeddedStore.open(dir, Duration.ofSeconds(3)).close();
    }

    /** A writer that cannot have the lock within the busy timeout fails, and the failure is a store fault (503). */
    @Test
    void aWriterGivesUpAfterTheBusyTimeout() throws SQLException {
        try (EmbeddedStore store = EmbeddedStore.open(dir, Duration.ofMillis(300));
             Connection holder = store.getConnection(); Connection waiter = store.getConnection();
             Statement holding = holder.createStatement(); Statement waiting = waiter.createStatement()) {
            holding.execute("begin immediate");
            long start = System.nanoTime();
            assertThatThrownBy(() -> waiting.execute("begin immediate"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(StoreFaults.isUnavailable(e)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            holding.execute("rollback");
            waiting.execute("begin immediate"); // free again: no timeout left over from the last wait
            waiting.execute("rollback");
        }
    }
}
