package org.chapkit.tasks.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The local PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}) for test classes that run
 * the service on it, each in a schema of its own that is dropped when its context closes.
 */
public final class PostgresTestDatabase {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;

    private PostgresTestDatabase() {
    }

    /** A fresh schema name. */
    public static String newSchema() {
        return "chapkit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    /** Creates {@code schema} and points the service's DataSource at it. */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        register(registry, schema, HOST + ":" + PORT);
    }

    /** Likewise, through another address than the server's own (a proxy). */
    static void register(DynamicPropertyRegistry registry, String schema, String hostAndPort) {
        createSchema(schema);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://" + hostAndPort + "/test?currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** A new, empty schema, as an operator makes one for the service. */
    public static void createSchema(String schema) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/test", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** A bean that drops {@code schema} once the engine has stopped, before the pool closes. */
    public static DisposableBean dropOnClose(DataSource dataSource, String schema) {
        return () -> JdbcClient.create(dataSource).sql("drop schema if exists " + schema + " cascade").update();
    }

    /**
     * Runs a class only when PostgreSQL answers on its port. Outside CI a class without one is skipped, and says
     * so; with {@code CI=true} it fails instead, so that a CI run without PostgreSQL cannot pass by skipping.
     */
    public static class Answers implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, PORT), 2000);
                return ConditionEvaluationResult.enabled("PostgreSQL answers on " + HOST + ":" + PORT);
            } catch (IOException e) {
                String missing = "no PostgreSQL answers on " + HOST + ":" + PORT + " (" + e.getMessage()
                        + "); start one (database 'test', user 'postgres') to run " + context.getDisplayName() + " on PostgreSQL";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true and " + missing, e);
                }
                String reason = "SKIPPED: " + missing;
                System.err.println("[" + context.getDisplayName() + "] " + reason);
                return ConditionEvaluationResult.disabled(reason);
            }
        }
    }
}
