package org.chapkit.tasks.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** At most chapkit.web.max-streams streams and max-waits waits on a node: here two streams and one wait. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(JobTestTasks.class)
@TestPropertySource(properties = {"chapkit.web.max-streams=2", "chapkit.web.max-waits=1", "chapkit.jobs.max-wait=20s"})
class WatcherLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> gates = new ArrayList<>();

    @AfterEach
    void openTheGates() {
        gates.forEach(JobTestTasks::open);
    }

    @Test
    void aStreamBeyondTheLimitIsRefusedWith429UntilAnotherEnds() throws Exception {
        String job = submit("test_ticking", JobTestTasks.gateParams(gate()), null).get("job_id").asString();
        SseClient first = SseClient.open(http, port, job);
        try (SseClient second = SseClient.open(http, port, job)) {
            first.next(PROMPTLY);
            second.next(PROMPTLY);

            HttpResponse<String> refused = get("/api/v1/jobs/" + job + "/$stream");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(JSON.readTree(refused.body()).get("type").asString()).isEqualTo("urn:chapkit:error:too-many-watchers");

            first.close(); // the node notices at its next write: the job ticks every 20 ms
            await().atMost(PROMPTLY).until(() -> {
                try (SseClient third = SseClient.openUnlessRefused(http, port, job)) {
                    return third != null && third.next(PROMPTLY).data().get("id").asString().equals(job);
                }
            });
        }
    }

    @Test
    void aWaitBeyondTheLimitIsAnsweredAtOnceWithThe202() throws Exception {
        String gate = gate();
        CompletableFuture<HttpResponse<String>> holding = http.sendAsync(execute("test_block", JobTestTasks.gateParams(gate), "wait=20"),
                HttpResponse.BodyHandlers.ofString());

        // A job that ends at once is waited for only while the node has room; once the first wait holds the only one, not.
        await().atMost(PROMPTLY).untilAsserted(() -> {
            long before = System.nanoTime();
            HttpResponse<String> echo = http.send(execute("test_echo", "{\"text\": \"hi\"}", "wait=10"), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(202);
            assertThat(echo.headers().firstValue("Preference-Applied")).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(PROMPTLY);
        });

        JobTestTasks.open(gate);
        HttpResponse<String> held = holding.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(held.statusCode()).isEqualTo(200);
        await().atMost(PROMPTLY).until(() ->
                http.send(execute("test_echo", "{\"text\": \"hi\"}", "wait=10"), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private String gate() {
        String gate = JobTestTasks.newGate();
        gates.add(gate);
        return gate;
    }

    private JsonNode submit(String task, String params, String prefer) throws Exception {
        HttpResponse<String> response = http.send(execute(task, params, prefer), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private HttpRequest execute(String task, String params, String prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/tasks/" + task + "/$execute")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"params\": " + params + "}"));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return request.build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").timeout(PROMPTLY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
