package com.acme.host;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.chapkit.tasks.job.PostgresTestDatabase;
import org.chapkit.tasks.store.StoreSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chapkit-tasks in an application with a PostgreSQL database of its own, which already holds the application's tables
 * and its own Flyway history: the service's tables go in beside them, with their history in a table of their own.
 */
@SpringBootTest(classes = AcmeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(PostgresTestDatabase.Answers.class)
@Import(AcmeOnPostgresTest.DropSchema.class)
class AcmeOnPostgresTest {

    private static final String SCHEMA = PostgresTestDatabase.newSchema();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        PostgresTestDatabase.register(registry, SCHEMA);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create table orders (id integer primary key)");
            statement.execute("insert into orders values (7)");
            statement.execute("""
                    create table flyway_schema_history (installed_rank integer primary key, version varchar(50),
                        description varchar(200) not null, type varchar(20) not null, script varchar(1000) not null,
                        checksum integer, installed_by varchar(100) not null, installed_on timestamp not null default now(),
                        execution_time integer not null, success boolean not null)""");
            statement.execute("""
                    insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,
                        installed_by, execution_time, success) values (1, '1', 'orders', 'SQL', 'V1__orders.sql', 1, 'acme', 1, true)""");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theServicesTablesGoBesideTheApplicationsAndItRunsTasks() throws Exception {
        assertThat(jdbc.sql("select id from orders").query(Integer.class).list()).containsExactly(7);
        assertThat(jdbc.sql("select script from flyway_schema_history").query(String.class).list()).containsExactly("V1__orders.sql");
        assertThat(jdbc.sql("select script from " + StoreSchema.HISTORY_TABLE + " where type = 'SQL'").query(String.class).list())
                .contains("V1__jobs_artifacts_engine.sql", "V5__store_probe.sql");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/plan_restock/$execute"))
                .header("Content-Type", "application/json").header("Prefer", "wait=10")
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\": {\"request\": {\"sku\": \"A-1\", \"quantity\": 2}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"completed\"", "\"order_quantity\":4");
        assertThat(jdbc.sql("select count(*) from jobs").query(Integer.class).single()).isOne();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchema {

        @Bean
        DisposableBean dropTestSchema(DataSource dataSource) {
            return PostgresTestDatabase.dropOnClose(dataSource, SCHEMA);
        }
    }
}
