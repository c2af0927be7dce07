package org.chapkit.tasks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file, {@code chapkit.db}, in WAL mode with {@code synchronous=NORMAL}, so
 * that a commit is in the file when it returns (it survives {@code kill -9}; an OS crash may lose the last
 * moments). Write transactions begin {@code IMMEDIATE}: one that read first could otherwise not upgrade to a
 * write under concurrency, whatever the busy timeout. One process per file, held by a lock beside it.
 */
public final class EmbeddedStore extends HikariDataSource {

    /** The database file's name in the data directory. */
    public static final String FILE = "chapkit.db";
    /**
     * Pages in the WAL before a commit also copies them into the database file (a checkpoint, which syncs both
     * files): 20,000 pages (~80 MB) instead of SQLite's 1,000 make a checkpoint every ~1,100 jobs rather than every
     * ~57, for 15% more jobs a second here; the WAL is cut back to {@link #JOURNAL_SIZE_LIMIT} after a checkpoint.
     */
    private static final int WAL_AUTOCHECKPOINT_PAGES = 20_000;
    private static final int JOURNAL_SIZE_LIMIT = 128 * 1024 * 1024;
    private static final int BUSY_STEP_MICROS = 50;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private EmbeddedStore(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if need be) {@code chapkit.db} in {@code dataDir}; the pool itself starts at the first
     * connection, with the settings bound onto it by then.
     *
     * @throws StoreInUseException when another process holds the file
     */
    public static EmbeddedStore open(Path dataDir, Duration busyTimeout) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE);
        Path lockFile = dir.resolve(FILE + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new StoreInUseException(file, lockFile);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setWalAutocheckpoint(WAL_AUTOCHECKPOINT_PAGES);
            config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
            config.enforceForeignKeys(true);
            String url = "jdbc:sqlite:" + file;
            prepare(url, config);
            EmbeddedStore store = new EmbeddedStore(file, channel, lock);
            store.setDataSource(new WaitingDataSource(url, config, busyTimeout));
            store.setPoolName("chapkit-sqlite");
            // Defaults that spring.datasource.hikari.* may override: enough connections for readers beside the one
            // writer, and a store that cannot be reached answers 503 after 3 s rather than a request that hangs.
            store.setMaximumPoolSize(16);
            store.setConnectionTimeout(3000);
            return store;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot open the embedded store in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it already
        }
    }

    /**
     * A new file gives back the pages the purge frees (incremental auto-vacuum), which SQLite accepts only
     * before the first table exists.
     */
    private static void prepare(String url, SQLiteConfig config) {
        try (Connection connection = DriverManager.getConnection(url, config.toProperties());
             Statement statement = connection.createStatement()) {
            try (ResultSet tables = statement.executeQuery("select count(*) from sqlite_master")) {
                if (tables.next() && tables.getInt(1) == 0) {
                    statement.execute("pragma auto_vacuum = incremental");
                    statement.execute("vacuum");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the embedded store " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * sqlite-jdbc's DataSource, whose connections wait for another writer in steps of {@value #BUSY_STEP_MICROS} µs.
     * SQLite's own busy handler sleeps 1, 2, 5, 10 ms and more between tries, so a writer that finds the lock taken
     * starts, on this machine, about 5 ms after it was released; with the writers of every job queueing for the
     * lock, that idle time, not the writing, set the pace.
     */
    private static final class WaitingDataSource extends SQLiteDataSource {

        private final long timeoutNanos;

        WaitingDataSource(String url, SQLiteConfig config, Duration busyTimeout) {
            super(config);
            setUrl(url);
            this.timeoutNanos = busyTimeout.toNanos();
        }

        @Override
        public SQLiteConnection getConnection(String username, String password) throws SQLException {
            SQLiteConnection connection = super.getConnection(username, password);
            BusyHandler.setHandler(connection, new SteppingBusyHandler(timeoutNanos));
            return connection;
        }
    }

    /** Tries again every few microseconds until the busy timeout has passed since the first try. */
    private static final class SteppingBusyHandler extends BusyHandler {

        private final long timeoutNanos;
        private long firstTry;

        SteppingBusyHandler(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        protected int callback(int previousTries) {
            long now = System.nanoTime();
            if (previousTries == 0) {
                firstTry = now;
            } else if (now - firstTry > timeoutNanos) {
                return 0; // SQLITE_BUSY: a store fault, like SQLite's own timeout
            }
            LockSupport.parkNanos(BUSY_STEP_MICROS * 1000L);
            return 1;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel's close below releases it too
            }
            close(lockChannel);
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
