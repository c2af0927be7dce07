package org.chapkit.tasks.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code Prefer: wait} request lives as long as its wait, whatever the server's own async request timeout: here
 * that timeout (1 s) is far shorter than the wait (3 s), as the container's default of 30 s is shorter than the
 * default {@code chapkit.jobs.max-wait} of 60 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(JobTestTasks.class)
@TestPropertySource(properties = {"spring.mvc.async.request-timeout=1s", "chapkit.jobs.max-wait=3s"})
class PreferWaitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gate = JobTestTasks.newGate();

    @AfterEach
    void openTheGate() {
        JobTestTasks.open(gate);
    }

    @Test
    void aWaitLongerThanTheAsyncTimeoutEndsWithTheUsual202AndTheJobsId() throws Exception {
        long before = System.nanoTime();
        HttpResponse<String> response = execute("wait=3");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(waitedMillis).as("waited the whole wait, not the async timeout").isGreaterThanOrEqualTo(2_900L);
        String jobId = JSON.readTree(response.body()).get("job_id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + jobId);
        assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();

        JobTestTasks.open(gate);
        await().atMost(JobApi.PATIENCE).until(() -> "completed".equals(job(jobId).get("status").asString()));
    }

    @Test
    void aJobThatEndsWithinTheWaitIsAnsweredWithIt() throws Exception {
        JobTestTasks.open(gate);
        HttpResponse<String> response = execute("wait=3");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=3");
        assertThat(JSON.readTree(response.body()).get("result").asString()).isEqualTo("opened");
    }

    private HttpResponse<String> execute(String prefer) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/tasks/test_block/$execute")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Prefer", prefer)
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\": " + JobTestTasks.gateParams(gate) + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode job(String id) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
