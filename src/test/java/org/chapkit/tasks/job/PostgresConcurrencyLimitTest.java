package org.chapkit.tasks.job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.chapkit.tasks.common.ChapkitJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/**
 * {@code @Task(maxConcurrency)} across two nodes on one PostgreSQL: each node has four workers, so only the limit
 * keeps a third job of a two-slot task, or a second of a one-slot task, from running; and the waiting jobs start in
 * the order they were submitted, whichever node frees the slot and whichever takes the next job.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({JobTestTasks.class, PostgresConcurrencyLimitTest.DropSchema.class})
@ExtendWith(PostgresTestDatabase.Answers.class)
@DirtiesContext
@TestPropertySource(properties = {"chapkit.jobs.max-concurrency=4", "chapkit.jobs.polling-interval=200ms"})
class PostgresConcurrencyLimitTest {

    static final String SCHEMA = PostgresTestDatabase.newSchema();

    @TempDir
    static Path otherDataDir;

    @Autowired
    MockMvcTester mvc;
    @Autowired
    @ChapkitJson
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    JobApi api;
    ConfigurableApplicationContext otherNode;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, SCHEMA);
    }

    @BeforeEach
    void startTheOtherNode() {
        api = new JobApi(mvc, json);
        otherNode = new SpringApplicationBuilder(PostgresStoreOutageTest.OtherNode.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("excludeTestClasses",
                        new PostgresStoreOutageTest.ExcludeTestClasses()))
                .properties("spring.datasource.url=jdbc:postgresql://" + PostgresTestDatabase.HOST + ":" + PostgresTestDatabase.PORT
                                + "/test?currentSchema=" + SCHEMA, "spring.datasource.username=postgres",
                        "chapkit.data-dir=" + otherDataDir, "chapkit.jobs.max-concurrency=4", "chapkit.jobs.polling-interval=200ms")
                .run();
    }

    @AfterEach
    void stopTheOtherNode() {
        JobTestTasks.openAll();
        api.awaitAllEnded();
        otherNode.close();
    }

    @Test
    void twoNodesNeverRunMoreJobsOfATaskThanItsLimit() {
        String gate = JobTestTasks.newGate();
        List<JobApi.Submitted> jobs = IntStream.range(0, 8).mapToObj(i -> api.execute("test_pair", JobTestTasks.gateParams(gate))).toList();
        await("two to run").atMost(JobApi.PATIENCE).until(() -> running("test_pair") == 2);
        await("the other six to find both slots taken").atMost(JobApi.PATIENCE).until(() -> waiting("test_pair") == 6);
        assertThat(running("test_pair")).isEqualTo(2);

        JobTestTasks.open(gate);
        List<Job> ended = jobs.stream().map(job -> api.awaitEnd(job.jobId())).toList();
        ended.forEach(job -> assertThat(job).isCompleted());
        assertThat(mostAtOnce(ended)).isEqualTo(2);
        assertThat(jdbc.sql("select count(distinct attempts) from jobs where task_name = 'test_pair'").query(Integer.class).single())
                .isEqualTo(1); // each ran once
    }

    @Test
    void withALimitOfOneTheJobsOfBothNodesRunOneAfterAnotherInSubmitOrder() {
        String gate = JobTestTasks.newGate();
        List<JobApi.Submitted> jobs = IntStream.range(0, 6).mapToObj(i -> api.execute("test_exclusive", JobTestTasks.gateParams(gate))).toList();
        await("one to run").atMost(JobApi.PATIENCE).until(() -> running("test_exclusive") == 1);
        await("the other five to find the slot taken").atMost(JobApi.PATIENCE).until(() -> waiting("test_exclusive") == 5);

        JobTestTasks.open(gate);
        List<Job> ended = jobs.stream().map(job -> api.awaitEnd(job.jobId())).toList();
        assertThat(mostAtOnce(ended)).isEqualTo(1);
        List<Job> byStart = ended.stream().sorted(Comparator.comparing(Job::startedAt)).toList();
        // Whichever job an engine picked first took the free slot; the ones that waited started in submit order.
        Job first = byStart.get(0);
        assertThat(byStart.subList(1, byStart.size())).extracting(Job::id)
                .isEqualTo(ended.stream().filter(job -> !job.id().equals(first.id())).map(Job::id).toList());
    }

    /** The most jobs that ran at one time, from their recorded start and end. */
    private static int mostAtOnce(List<Job> jobs) {
        int most = 0;
        for (Job job : jobs) {
            Instant at = job.startedAt();
            int running = (int) jobs.stream().filter(other -> !other.startedAt().isAfter(at) && other.finishedAt().isAfter(at)).count();
            most = Math.max(most, running);
        }
        return most;
    }

    private int running(String task) {
        return jdbc.sql("select count(*) from jobs where task_name = ? and status = 'RUNNING'").param(task).query(Integer.class).single();
    }

    private int waiting(String task) {
        return jdbc.sql("select count(*) from jobs where task_name = ? and status = 'PENDING' and waiting_slot")
                .param(task).query(Integer.class).single();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchema {

        @Bean
        DisposableBean dropTestSchema(DataSource dataSource) {
            return PostgresTestDatabase.dropOnClose(dataSource, SCHEMA);
        }
    }
}
