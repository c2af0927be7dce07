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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's view of an embedded H2 file database: every write it commits is on disk before the commit
 * returns, and nothing it reads back is newer than the disk, while H2 itself runs with a write delay.
 *
 * <p>With {@code WRITE_DELAY=0} H2 writes a chunk for every commit of every connection and never runs its
 * background housekeeping, so the file, and the chunk records H2 keeps in the heap, grow with every job ever run
 * (docs/performance.md). With a write delay H2 commits in memory, stores in the background and compacts, but
 * a {@code kill -9} loses the last moments' commits. This wrapper keeps both:
 * <ul>
 *   <li>after each commit made through it (an explicit {@code commit()}, or a write in auto-commit mode) it runs
 *       {@code CHECKPOINT}, which stores every change committed so far, its own and other connections', before
 *       it returns. Commits that arrive while a store is under way wait for H2's store lock and are then written
 *       by one store, so concurrent commits share it;</li>
 *   <li>a commit is visible to other connections as soon as H2 has applied it, a moment before its
 *       {@code CHECKPOINT} has stored it. A query in auto-commit mode that ends while any commit is in that
 *       moment runs a {@code CHECKPOINT} of its own before it returns, so a client is never shown a status (a
 *       job {@code completed}, say) that a {@code kill -9} could still take back. Without commits under way, a
 *       query costs nothing more.</li>
 * </ul>
 *
 * <p>Only the service's own work comes through here. db-scheduler works on the wrapped DataSource directly
 * (its picks, heartbeats and removals are bookkeeping it recovers from: a lost pick is picked again, a lost
 * removal finds its job finished), and they reach the disk with the next flush or background store. This class
 * is an {@link InfrastructureProxy} of that DataSource, so a Spring transaction opened here is the one
 * db-scheduler joins through its {@code TransactionAwareDataSourceProxy} when a job is scheduled with its row.
 */
final class FlushingDataSource extends DelegatingDataSource implements InfrastructureProxy {

    private static final Set<String> CREATES_STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

    /** Commits begun through this DataSource whose flush has not finished: visible, perhaps not yet on disk. */
    private final AtomicInteger unflushed = new AtomicInteger();

    FlushingDataSource(DataSource target) {
        super(target);
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

    private Connection flushing(Connection connection) throws SQLException {
        return (Connection) Proxy.newProxyInstance(FlushingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
    }

    /** Stores everything committed so far; waits if another thread is storing, then stores what is left. */
    private static void flush(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    /** Runs a commit ({@code commit()}, or a write in auto-commit mode) and returns once it is on disk. */
    private @Nullable Object committing(Connection connection, Object target, Method method, Object @Nullable [] args)
            throws Throwable {
        unflushed.incrementAndGet();
        try {
            Object result = call(target, method, args);
            flush(connection);
            return result;
        } finally {
            unflushed.decrementAndGet();
        }
    }

    /** Runs a read; if a commit it may have seen is not yet on disk, returns once that commit is. */
    private @Nullable Object reading(Connection connection, Object target, Method method, Object @Nullable [] args)
            throws Throwable {
        Object result = call(target, method, args);
        if (unflushed.get() > 0) {
            flush(connection);
        }
        return result;
    }

    private final class ConnectionHandler implements InvocationHandler {

        private final Connection target;
        private boolean autoCommit;

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
                    return committing(target, target, method, args);
                case "setAutoCommit":
                    boolean on = (Boolean) args[0];
                    // turning auto-commit on commits the open transaction
                    Object result = on && !autoCommit ? committing(target, target, method, args) : call(target, method, args);
                    autoCommit = on;
                    return result;
                default:
                    Object created = call(target, method, args);
                    return CREATES_STATEMENTS.contains(method.getName()) ? statement((Statement) created, (Connection) proxy) : created;
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
                        if (!autoCommit || !name.startsWith("execute")) {
                            return call(statement, method, args); // in a transaction, its commit flushes
                        }
                        return name.equals("executeQuery") ? reading(target, statement, method, args)
                                : committing(target, statement, method, args); // a write in auto-commit mode commits
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
