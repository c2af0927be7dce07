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

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's view of an embedded H2 file database: every write it commits is on disk before the commit
 * returns, while H2 itself runs with a write delay.
 *
 * <p>With {@code WRITE_DELAY=0} H2 writes a chunk for every commit of every connection and never runs its
 * background housekeeping, so the file, and the chunk records H2 keeps in the heap, grow with every job ever run
 * (docs/performance.md). With a write delay H2 commits in memory, stores in the background and compacts, but
 * a {@code kill -9} loses the last moments' commits. This wrapper keeps both: after each commit made through it
 * (an explicit {@code commit()}, or a write in auto-commit mode) it runs {@code CHECKPOINT}, which stores every
 * change committed so far, its own and other connections', before it returns. Commits that arrive while a store
 * is under way wait for H2's store lock and are then written by one store, so concurrent commits share it.
 *
 * <p>Only the service's own writes come through here. db-scheduler works on the wrapped DataSource directly
 * (its picks, heartbeats and removals are bookkeeping it recovers from: a lost pick is picked again, a lost
 * removal finds its job finished), and they reach the disk with the next flush or background store. This class
 * is an {@link InfrastructureProxy} of that DataSource, so a Spring transaction opened here is the one
 * db-scheduler joins through its {@code TransactionAwareDataSourceProxy} when a job is scheduled with its row.
 */
final class FlushingDataSource extends DelegatingDataSource implements InfrastructureProxy {

    private static final Set<String> CREATES_STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

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

    private static Connection flushing(Connection connection) throws SQLException {
        return (Connection) Proxy.newProxyInstance(FlushingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
    }

    /** Stores everything committed so far; waits if another thread is storing, then stores what is left. */
    static void flush(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {

        private final Connection target;
        private boolean autoCommit;

        ConnectionHandler(Connection target) throws SQLException {
            this.target = target;
            this.autoCommit = target.getAutoCommit();
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            String name = method.getName();
            if (name.equals("equals")) {
                return proxy == args[0];
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            Object result = call(target, method, args);
            switch (name) {
                case "commit" -> flush(target);
                case "setAutoCommit" -> {
                    boolean on = (Boolean) args[0];
                    if (on && !autoCommit) {
                        flush(target); // turning auto-commit on commits the open transaction
                    }
                    autoCommit = on;
                }
                default -> {
                    if (CREATES_STATEMENTS.contains(name)) {
                        return flushing((Statement) result, (Connection) proxy, this);
                    }
                }
            }
            return result;
        }

        private static Statement flushing(Statement statement, Connection connection, ConnectionHandler owner) {
            Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                    : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return (Statement) Proxy.newProxyInstance(FlushingDataSource.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return connection;
                        }
                        Object result = call(statement, method, args);
                        if (owner.autoCommit && method.getName().startsWith("execute")
                                && !method.getName().equals("executeQuery")) {
                            flush(owner.target); // a write in auto-commit mode is a commit of its own
                        }
                        return result;
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
