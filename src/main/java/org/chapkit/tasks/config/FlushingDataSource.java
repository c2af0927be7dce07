package org.chapkit.tasks.config;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's view of an embedded H2 file database: a commit it makes is on disk before the commit returns
 * (unless it asked otherwise), and nothing it reads back is newer than the disk, while H2 itself runs with a
 * write delay.
 *
 * <p>With {@code WRITE_DELAY=0} H2 writes a chunk for every commit of every connection and never runs its
 * background housekeeping, so the file, and the chunk records H2 keeps in the heap, grow with every job ever run
 * (docs/performance.md). With a write delay H2 commits in memory, stores in the background and compacts, but
 * a {@code kill -9} loses the last moments' commits. This wrapper keeps both:
 * <ul>
 *   <li>after each commit made through it (an explicit {@code commit()}, or a write in auto-commit mode) it
 *       waits for a {@code CHECKPOINT} that began after the commit, which stores every change committed so far,
 *       its own and other connections'. Commits that arrive while a store is under way share the next one;</li>
 *   <li>a commit made under {@link #deferringFlush} returns once H2 has applied it; the next store takes it to
 *       disk;</li>
 *   <li>a commit is visible to other connections as soon as H2 has applied it, a moment before a
 *       {@code CHECKPOINT} has stored it. A query in auto-commit mode waits, before it returns, until every
 *       commit begun before the query ended has been stored, and runs the store itself when a deferred commit
 *       is among them, so a client is never shown a status (a job {@code completed}, say) that a
 *       {@code kill -9} could still take back. Without commits under way, a query costs nothing more.</li>
 * </ul>
 *
 * <p>Only the service's own work comes through here. db-scheduler works on the wrapped DataSource directly
 * (its picks, heartbeats and removals are bookkeeping it recovers from: a lost pick is picked again, a lost
 * removal finds its job finished), and they reach the disk with the next flush or background store. This class
 * is an {@link InfrastructureProxy} of that DataSource, so a Spring transaction opened here is the one
 * db-scheduler joins through its {@code TransactionAwareDataSourceProxy} when a job is scheduled with its row.
 */
final class FlushingDataSource extends DelegatingDataSource implements InfrastructureProxy, AutoCloseable {

    private static final Set<String> CREATES_STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

    /** The sequence number of the last commit begun through this DataSource. */
    private volatile long begun;
    /** Commits begun whose flush has not finished: visible to other connections, perhaps not yet on disk. */
    private final ConcurrentSkipListSet<Long> unflushed = new ConcurrentSkipListSet<>();
    /** Of those, the ones whose commit has returned (or failed) and that no store has taken yet. */
    private final ConcurrentLinkedQueue<Long> applied = new ConcurrentLinkedQueue<>();
    /** Readers wait on it for a commit to be applied or stored. */
    private final Object changed = new Object();
    private final AtomicInteger readersWaiting = new AtomicInteger();

    /** Whether this thread's commits return without waiting for the disk ({@link #deferringFlush}). */
    private final ThreadLocal<Boolean> deferring = ThreadLocal.withInitial(() -> false);
    /** Whether this thread's reads return without waiting for the disk ({@link #withoutReadWaits}). */
    private final ThreadLocal<Boolean> unwatched = ThreadLocal.withInitial(() -> false);

    /** Calls that waited for a store so far: commits, reads and flushes that a compaction slice could hold up. */
    private final AtomicLong waitsForStores = new AtomicLong();
    private final ReentrantLock stores = new ReentrantLock();
    private final Condition storeDone = stores.newCondition();
    private long storesStarted;
    private long storesDone;
    private boolean storing;
    /** The connection that runs {@code CHECKPOINT}, used by one store at a time; not one a waiting commit holds. */
    private @Nullable Connection storeConnection;
    /** The service's compaction of the file, stopped before the pool closes; null where H2 compacts it. */
    private @Nullable H2Compaction compaction;

    FlushingDataSource(DataSource target) {
        super(target);
    }

    /**
     * Starts the service's compaction of the file if the URL hands it over ({@link H2Compaction}), paced by how
     * often this DataSource's commits wait for stores; {@link #close} stops it. Called once, before the DataSource
     * is in use.
     */
    void startCompaction() {
        compaction = H2Compaction.startIfHandedOver(obtainTargetDataSource(), waitsForStores::get);
    }

    @Nullable H2Compaction compaction() {
        return compaction;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return flushing(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return flushing(obtainTargetDataSource().getConnection(username, password));
    }

    @Override
    public Object getWrappedObject() {
        return obtainTargetDataSource();
    }

    /**
     * Stops the compaction, closes the flushes' connection, then the pool under it: this wrapper is the DataSource
     * bean that Spring closes with the context, and the connection it keeps would otherwise be aborted by the pool
     * as in use.
     */
    @Override
    public void close() throws Exception {
        if (compaction != null) {
            compaction.close();
        }
        stores.lock();
        try {
            closeQuietly(storeConnection);
            storeConnection = null;
        } finally {
            stores.unlock();
        }
        if (obtainTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private Connection flushing(Connection connection) throws SQLException {
        return (Connection) Proxy.newProxyInstance(FlushingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
    }

    /**
     * Runs {@code work}; the commits it makes on this thread return without waiting for the disk. They reach it
     * with the next store: the next {@link #flush()} on any thread, or the read that first sees them.
     */
    <T> T deferringFlush(Supplier<T> work) {
        return with(deferring, work);
    }

    /**
     * Runs {@code work}; its reads on this thread return without waiting for the commits they saw to reach the
     * disk. Only for work that shows what it reads to no one before a commit of its own is on disk, which holds
     * every commit before it.
     */
    <T> T withoutReadWaits(Supplier<T> work) {
        return with(unwatched, work);
    }

    private static <T> T with(ThreadLocal<Boolean> flag, Supplier<T> work) {
        if (flag.get()) {
            return work.get();
        }
        flag.set(true);
        try {
            return work.get();
        } finally {
            flag.set(false);
        }
    }

    /** Returns once every commit applied so far, on any thread, is on disk. */
    void flush() {
        try {
            store();
        } catch (SQLException e) {
            throw new IllegalStateException("H2 could not store the committed changes: " + e.getMessage(), e);
        }
    }

    /**
     * Returns once a store that began after this call has finished: it holds every commit applied before the
     * call. Callers take turns leading: one runs {@code CHECKPOINT} while those who arrive meanwhile wait for
     * the next, which one of them runs for all, so N concurrent commits cost two stores at most, not N.
     */
    private void store() throws SQLException {
        waitsForStores.incrementAndGet();
        stores.lock();
        try {
            long needed = storesStarted + 1; // one under way may have begun before this commit was applied
            while (storesDone < needed) {
                if (storing) {
                    storeDone.awaitUninterruptibly();
                    continue;
                }
                storing = true;
                long mine = ++storesStarted;
                boolean stored = false;
                Connection connection = storeConnection;
                stores.unlock();
                List<Long> held = new ArrayList<>(); // applied before the CHECKPOINT begins, so it stores them
                for (Long sequence; (sequence = applied.poll()) != null; ) {
                    held.add(sequence);
                }
                try {
                    if (connection == null) {
                        connection = obtainTargetDataSource().getConnection();
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CHECKPOINT"); // H2 stores every change committed so far
                    }
                    stored = true;
                } finally {
                    stores.lock();
                    storing = false;
                    if (stored) {
                        storesDone = mine;
                        storeConnection = connection;
                        unflushed.removeAll(held); // before anyone waiting for this store goes on
                    } else {
                        storeConnection = null;
                        closeQuietly(connection);
                        applied.addAll(held);
                    }
                    storeDone.signalAll(); // on a failure, the next waiter tries for itself
                    wakeReaders();
                }
            }
        } finally {
            stores.unlock();
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // it failed already; the next store opens another
        }
    }

    /**
     * Runs a commit ({@code commit()}, or a write in auto-commit mode) and returns once it is on disk; under
     * {@link #deferringFlush} as soon as H2 has applied it.
     */
    private @Nullable Object committing(Object target, Method method, Object @Nullable [] args) throws Throwable {
        long sequence;
        synchronized (unflushed) {
            sequence = begun + 1;
            unflushed.add(sequence); // before begun moves on: a reader who sees the new begun sees it unflushed
            begun = sequence;
        }
        Object result;
        try {
            result = call(target, method, args);
        } finally {
            applied.add(sequence); // even after a failure: what it did may be visible, and the next store clears it
            wakeReaders();
        }
        if (!deferring.get()) {
            store();
        }
        return result;
    }

    private void wakeReaders() {
        if (readersWaiting.get() > 0) {
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    /**
     * Runs a read, then returns once every commit begun before it ended is on disk: those are the ones whose
     * changes it may have seen. A commit that waits for the disk stores itself; one that did not wait (deferred)
     * is stored by the read, together with everything else applied so far.
     */
    private @Nullable Object reading(Object target, Method method, Object @Nullable [] args) throws Throwable {
        Object result = call(target, method, args);
        if (unwatched.get()) {
            return result;
        }
        long seen = begun;
        if (!oldestUnflushedAtMost(seen)) {
            return result;
        }
        readersWaiting.incrementAndGet(); // before the checks: a commit applied or stored after them wakes us
        try {
            while (oldestUnflushedAtMost(seen)) {
                if (!applied.isEmpty()) {
                    store(); // applied, and no store has taken it yet
                    continue;
                }
                synchronized (changed) { // the rest is being committed or stored: wait for either to end
                    if (applied.isEmpty() && oldestUnflushedAtMost(seen)) {
                        changed.wait();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a canceled task or a shutdown: stop waiting
        } finally {
            readersWaiting.decrementAndGet();
        }
        return result;
    }

    private boolean oldestUnflushedAtMost(long sequence) {
        Long oldest = unflushed.ceiling(Long.MIN_VALUE);
        return oldest != null && oldest <= sequence;
    }

    private final class ConnectionHandler implements InvocationHandler {

        private final Connection target;
        private boolean autoCommit;
        /** In a transaction: whether it has written, and whether it has read, since it began. */
        private boolean wrote;
        private boolean read;

        ConnectionHandler(Connection target) throws SQLException {
            this.target = target;
            this.autoCommit = target.getAutoCommit();
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "commit":
                    return endTransaction(method, args);
                case "rollback":
                    wrote = false; // what it wrote is gone; what it read may still have reached a client
                    return args == null ? endTransaction(method, null) : call(target, method, args);
                case "setAutoCommit":
                    boolean on = (Boolean) args[0];
                    // turning auto-commit on commits the open transaction
                    Object result = on && !autoCommit ? endTransaction(method, args) : call(target, method, args);
                    autoCommit = on;
                    return result;
                default:
                    Object created = call(target, method, args);
                    return CREATES_STATEMENTS.contains(method.getName()) ? statement((Statement) created, (Connection) proxy) : created;
            }
        }

        /** A commit that wrote is flushed; one that only read waits as a read does; an empty one costs nothing. */
        private @Nullable Object endTransaction(Method method, Object @Nullable [] args) throws Throwable {
            try {
                return wrote ? committing(target, method, args)
                        : read ? reading(target, method, args) : call(target, method, args);
            } finally {
                wrote = false;
                read = false;
            }
        }

        private Statement statement(Statement statement, Connection connection) {
            Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                    : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return (Statement) Proxy.newProxyInstance(FlushingDataSource.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("getConnection")) {
                            return connection;
                        }
                        if (!name.startsWith("execute")) {
                            return call(statement, method, args);
                        }
                        if (!autoCommit) { // in a transaction: its end flushes or waits
                            if (name.equals("executeQuery")) {
                                read = true;
                            } else {
                                wrote = true;
                            }
                            return call(statement, method, args);
                        }
                        return name.equals("executeQuery") ? reading(statement, method, args)
                                : committing(statement, method, args); // a write in auto-commit mode commits
                    });
        }
    }

    private static @Nullable Object call(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
