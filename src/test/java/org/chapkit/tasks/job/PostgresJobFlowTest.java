package org.chapkit.tasks.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The job flows on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a schema of
 * this class's own that is dropped when its context closes. Skipped, with a message saying so, when nothing
 * answers on that port; any other connection problem fails the class.
 */
@ExtendWith(PostgresJobFlowTest.PostgresAnswers.class)
@Import(PostgresJobFlowTest.DropSchemaOnClose.class)
@DirtiesContext
class PostgresJobFlowTest extends AbstractJobFlowTest {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String SCHEMA = "chapkit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://" + HOST + ":" + PORT + "/test?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
        registry.add("spring.flyway.create-schemas", () -> "true");
    }

    /** Drops the schema once the engine has stopped, before the pool closes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchemaOnClose {

        @Bean
        DisposableBean dropTestSchema(DataSource dataSource) {
            return () -> JdbcClient.create(dataSource).sql("drop schema if exists " + SCHEMA + " cascade").update();
        }
    }

    /** Runs the class only when PostgreSQL answers on its port. */
    static class PostgresAnswers implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, PORT), 2000);
                return ConditionEvaluationResult.enabled("PostgreSQL answers on " + HOST + ":" + PORT);
            } catch (IOException e) {
                String reason = "SKIPPED: no PostgreSQL answers on " + HOST + ":" + PORT + " (" + e.getMessage()
                        + "); start one (database 'test', user 'postgres') to run the job flows on PostgreSQL";
                System.err.println("[PostgresJobFlowTest] " + reason);
                return ConditionEvaluationResult.disabled(reason);
            }
        }
    }
}
