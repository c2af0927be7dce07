package org.chapkit.tasks.job;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The job flows on the local PostgreSQL, in a schema of this class's own. Skipped, with a message saying so, when
 * nothing answers on its port; any other connection problem fails the class.
 */
@ExtendWith(PostgresTestDatabase.Answers.class)
@Import(PostgresJobFlowTest.DropSchema.class)
@DirtiesContext
class PostgresJobFlowTest extends AbstractJobFlowTest {

    static final String SCHEMA = PostgresTestDatabase.newSchema();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, SCHEMA);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchema {

        @Bean
        DisposableBean dropTestSchema(DataSource dataSource) {
            return PostgresTestDatabase.dropOnClose(dataSource, SCHEMA);
        }
    }
}
