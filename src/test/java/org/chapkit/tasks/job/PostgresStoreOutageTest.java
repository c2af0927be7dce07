package org.chapkit.tasks.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.store.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chapkit.tasks.job.JobApi.assertProblem;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/**
 * PostgreSQL becomes unreachable while jobs run (a proxy between the service and the server cuts every
 * connection and refuses new ones), then comes back: requests answer 503 store-unavailable at once instead of
 * hanging, readiness is DOWN, the jobs that ended meanwhile are recorded as they ended once the store is back
 * (not as crashes, not run again), and the service works again without a restart.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({JobTestTasks.class, PostgresStoreOutageTest.DropSchema.class})
@ExtendWith(PostgresTestDatabase.Answers.class)
@DirtiesContext
@TestPropertySource(properties = {
        "chapkit.jobs.heartbeat-interval=200ms",
        "chapkit.jobs.missed-heartbeats=4",
        "chapkit.jobs.polling-interval=200ms",
        "chapkit.store.probe-interval=200ms",
        "spring.datasource.hikari.connection-timeout=1000"})
class PostgresStoreOutageTest {

    static final String SCHEMA = PostgresTestDatabase.newSchema();
    /** Longer than the engine's dead-execution window here (200 ms x 4) several times over. */
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final TcpProxy proxy = TcpProxy.to(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT);

    @Autowired
    MockMvcTester mvc;
    @Autowired
    @ChapkitJson
    JsonMapper json;

    JobApi api;

    private static final String PROXIED_URL = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + SCHEMA;
    @TempDir
    static Path otherDataDir;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, SCHEMA, "127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        proxy.start();
        api = new JobApi(mvc, json);
    }

    @AfterEach
    void letNothingRunOn() throws IOException {
        proxy.start();
        JobTestTasks.openAll();
        api.awaitAllEnded();
    }

    @Test
    void requestsAnswer503AtOnceReadinessGoesDownAndJobsThatEndedMeanwhileAreRecordedOnceItIsBack() throws Exception {
        String gate = JobTestTasks.newGate();
        JobApi.Submitted once = api.execute("test_block", JobTestTasks.gateParams(gate));
        JobApi.Submitted rerunnable = api.execute("test_block_rerunnable", JobTestTasks.gateParams(gate));
        api.awaitStatus(once.jobId(), JobStatus.RUNNING);
        api.awaitStatus(rerunnable.jobId(), JobStatus.RUNNING);

        proxy.stop();
        long before = System.nanoTime();
        MvcTestResult refused = api.executeRaw("greet_user", "{\"name\": \"Ada\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertProblem(refused, 503, "store-unavailable");
        assertThat(refused).hasHeader("Retry-After", "5");
        assertProblem(api.get("/api/v1/jobs/" + once.jobId()), 503, "store-unavailable");
        assertProblem(api.get("/api/v1/jobs"), 503, "store-unavailable");
        awaitReadiness(503);

        JobTestTasks.open(gate); // both tasks end while the store is away
        Thread.sleep(OUTAGE.toMillis()); // the outage lasts past several dead-execution windows

        proxy.start();
        awaitReadiness(200);
        assertThat(api.awaitEnd(once.jobId())).isCompleted();
        assertThat(api.awaitEnd(rerunnable.jobId())).isCompleted();
        JobApi.Submitted after = api.execute("greet_user", "{\"name\": \"Ada\"}");
        assertThat(api.awaitEnd(after.jobId())).isCompleted();
        Thread.sleep(Duration.ofMillis(1500).toMillis()); // a dead-execution window and more after the return
        assertThat(api.job(once.jobId())).isCompleted();
        assertThat(JobTestTasks.runs(once.jobId())).isEqualTo(1);
        assertThat(JobTestTasks.runs(rerunnable.jobId())).isEqualTo(1);
    }

    /**
     * A second node on the same store sees the first node's heartbeats stop during the outage; it must not take
     * the job for dead once the store is back, before the first node has had the time to heartbeat again.
     */
    @Test
    void anotherNodeDoesNotTakeAJobThatEndedDuringTheOutageForDead() throws Exception {
        String gate = JobTestTasks.newGate();
        JobApi.Submitted run = api.execute("test_block", JobTestTasks.gateParams(gate));
        api.awaitStatus(run.jobId(), JobStatus.RUNNING); // on this node: it accepted the job and woke its own engine
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(OtherNode.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("excludeTestClasses", new ExcludeTestClasses()))
                .properties("spring.datasource.url=" + PROXIED_URL, "spring.datasource.username=postgres",
                        "chapkit.data-dir=" + otherDataDir,
                        "chapkit.jobs.heartbeat-interval=200ms", "chapkit.jobs.missed-heartbeats=4",
                        "chapkit.jobs.polling-interval=200ms", "chapkit.store.probe-interval=200ms",
                        "spring.datasource.hikari.connection-timeout=1000")
                .run()) {
            proxy.stop();
            awaitReadiness(503);
            JobTestTasks.open(gate);
            Thread.sleep(OUTAGE.toMillis()); // several dead-execution windows without a heartbeat

            proxy.start();
            awaitReadiness(200);
            assertThat(api.awaitEnd(run.jobId())).isCompleted();
            Thread.sleep(1500); // the other node's dead-execution checks run again after the store's return
            assertThat(api.job(run.jobId())).isCompleted();
            assertThat(JobTestTasks.runs(run.jobId())).isEqualTo(1);
        }
    }

    /** Readiness DOWN (503) within 5 s of an outage; UP (200) within 10 s of the store's return (the pool's back-off). */
    private void awaitReadiness(int status) {
        await("readiness " + status).atMost(Duration.ofSeconds(status == 503 ? 5 : 10))
                .until(() -> mvc.get().uri("/actuator/health/readiness").exchange().getResponse().getStatus() == status);
    }

    /**
     * The service as a second node: what the library brings, and the test tasks. Neither a
     * {@code @SpringBootConfiguration} nor a {@code @Configuration}, which this package's tests would take for theirs.
     */
    @EnableAutoConfiguration
    @Import(JobTestTasks.class)
    static class OtherNode {
    }

    /** Keeps this project's test classes out of the library's scan, as a test context's own filter does. */
    static final class ExcludeTestClasses extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getClassMetadata().getClassName().matches("org\\.chapkit\\.tasks\\..*Test.*");
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchema {

        @Bean
        DisposableBean dropTestSchema(DataSource dataSource) {
            return PostgresTestDatabase.dropOnClose(dataSource, SCHEMA);
        }
    }
}
