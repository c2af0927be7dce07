package org.chapkit.tasks.job;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watching and steering jobs over real HTTP: event streams, Prefer: wait, Idempotency-Key, the queue limit and
 * the metrics. One engine worker and a queue of three make "pending" and "full" easy to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"chapkit.jobs.max-concurrency=1", "chapkit.jobs.max-pending=3", "chapkit.jobs.max-wait=3s"})
abstract class AbstractJobWatchingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void cancelWhatIsLeft() throws Exception {
        for (String id : started) {
            send("POST", "/api/v1/jobs/" + id + "/$cancel", null, null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> total("pending") == 0 && total("running") == 0);
    }

    @Test
    void aStreamShowsEveryProgressStepThenTheEndAndCloses() throws Exception {
        String id = execute("simulate_work", "{\"seconds\": 1, \"steps\": 4}", null).get("job_id").asString();
        List<String[]> events = readStream(id, Duration.ofSeconds(15));
        List<String> names = events.stream().map(event -> event[0]).toList();
        assertThat(names.get(names.size() - 1)).isEqualTo("completed");
        List<Double> fractions = new ArrayList<>();
        for (String[] event : events) {
            JsonNode job = JSON.readTree(event[1]);
            assertThat(job.get("id").asString()).isEqualTo(id);
            if (job.get("progress").isObject()) {
                fractions.add(job.get("progress").get("fraction").asDouble());
            }
        }
        assertThat(fractions).containsSubsequence(0.25, 0.5, 0.75, 1.0).isSorted();
        assertThat(names.stream().filter(name -> !name.equals("progress")).toList())
                .as("each status is announced once").doesNotHaveDuplicates().contains("running", "completed");
    }

    @Test
    void aStreamOfAFinishedJobSendsItsEndAndCloses() throws Exception {
        String id = execute("greet_user", "{\"name\": \"Ada\"}", "wait=3").get("id").asString();
        List<String[]> events = readStream(id, Duration.ofSeconds(5));
        assertThat(events).hasSize(1);
        assertThat(events.get(0)[0]).isEqualTo("completed");
    }

    @Test
    void manyWatchersOfOneJobEachGetItsEndWithoutHoldingARequestThread() throws Exception {
        // More streams than Tomcat has request threads (200): they only all get through if none holds one.
        String id = execute("simulate_work", "{\"seconds\": 2, \"steps\": 2}", null).get("job_id").asString();
        started.add(id);
        int watchers = 250;
        ExecutorService readers = Executors.newFixedThreadPool(watchers);
        try {
            CountDownLatch open = new CountDownLatch(watchers);
            List<Future<String>> last = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                last.add(readers.submit(() -> {
                    List<String[]> events = readStream(id, Duration.ofSeconds(30), open);
                    return events.get(events.size() - 1)[0];
                }));
            }
            assertThat(open.await(20, TimeUnit.SECONDS)).as("all %d streams opened", watchers).isTrue();
            for (Future<String> end : last) {
                assertThat(end.get(30, TimeUnit.SECONDS)).isEqualTo("completed");
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void preferWaitAnswersWithTheFinishedJobAndItsResult() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"Ada\"}}", "wait=3");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=3");
        JsonNode job = JSON.readTree(response.body());
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("result").get("message").asString()).isEqualTo("Hello, Ada!");
    }

    @Test
    void preferWaitIsCutToTheMaximumAndFallsBackTo202() throws Exception {
        long before = System.nanoTime();
        HttpResponse<String> response = send("POST", "/api/v1/tasks/simulate_work/$execute",
                "{\"params\": {\"seconds\": 6, \"steps\": 6}}", "wait=60");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        started.add(JSON.readTree(response.body()).get("job_id").asString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();
        assertThat(waitedMillis).as("waited about max-wait (3 s), not 60 s").isBetween(2_500L, 10_000L);
    }

    @Test
    void theSameIdempotencyKeyTwiceGivesOneJob() throws Exception {
        String key = "key-" + System.nanoTime();
        long before = total(null);
        JsonNode first = execute("greet_user", "{\"name\": \"Ada\"}", null, key);
        HttpResponse<String> again = send("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"greeting\": \"Hello\", \"name\": \"Ada\"}}", null, key);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(again.body()).get("job_id").asString()).isEqualTo(first.get("job_id").asString());
        assertThat(total(null)).isEqualTo(before + 1);

        HttpResponse<String> other = send("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"Bob\"}}", null, key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("type").asString()).isEqualTo("urn:chapkit:error:idempotency-key-reused");
        assertThat(total(null)).isEqualTo(before + 1);
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyStartOneJob() throws Exception {
        String key = "race-" + System.nanoTime();
        long before = total(null);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(http.sendAsync(request("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"Race\"}}", null, key),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            ids.add(JSON.readTree(answer.body()).get("job_id").asString());
        }
        assertThat(ids).hasSize(1);
        assertThat(total(null)).isEqualTo(before + 1);
    }

    @Test
    void aFullQueueAnswers429UntilItDrains() throws Exception {
        started.add(execute("simulate_work", "{\"seconds\": 30, \"steps\": 300}", null).get("job_id").asString());
        await().atMost(Duration.ofSeconds(5)).until(() -> total("running") == 1);
        for (int i = 0; i < 3; i++) {
            started.add(execute("greet_user", "{\"name\": \"q" + i + "\"}", null).get("job_id").asString());
        }
        HttpResponse<String> full = send("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"over\"}}", null);
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(full.body()).get("type").asString()).isEqualTo("urn:chapkit:error:queue-full");

        send("POST", "/api/v1/jobs/" + started.get(0) + "/$cancel", null, null); // the three waiting jobs now run
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                send("POST", "/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"again\"}}", null).statusCode()).isEqualTo(202));
    }

    @Test
    void metricsCountWhatWasRunAndHealthShowsTheEngine() throws Exception {
        execute("always_fail", "{}", "wait=3");
        execute("greet_user", "{\"name\": \"M\"}", "wait=3");
        String metrics = send("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics).containsPattern("chapkit_jobs_submitted_total\\{[^}]*task=\"greet_user\"[^}]*} [1-9]")
                .containsPattern("chapkit_jobs_finished_total\\{[^}]*status=\"failed\",task=\"always_fail\"[^}]*} [1-9]")
                .contains("chapkit_jobs_duration_seconds_count{task=\"greet_user\"}", "chapkit_jobs_start_latency_seconds_count",
                        "chapkit_jobs_pending", "chapkit_jobs_running");
        JsonNode health = JSON.readTree(send("GET", "/actuator/health", null, null).body());
        assertThat(health.at("/components/jobEngine/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
    }

    // --- HTTP helpers -------------------------------------------------------------------------------------

    private JsonNode execute(String task, String params, String prefer) throws Exception {
        return execute(task, params, prefer, null);
    }

    private JsonNode execute(String task, String params, String prefer, String key) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/tasks/" + task + "/$execute", "{\"params\": " + params + "}", prefer, key);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body());
    }

    private long total(String status) throws Exception {
        String query = status == null ? "" : "&status=" + status;
        return JSON.readTree(send("GET", "/api/v1/jobs?size=1" + query, null, null).body()).get("total").asLong();
    }

    protected HttpResponse<String> send(String method, String path, String body, String prefer) throws Exception {
        return send(method, path, body, prefer, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String prefer, String key) throws Exception {
        return http.send(request(method, path, body, prefer, key), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, String prefer, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    private List<String[]> readStream(String id, Duration limit) throws Exception {
        return readStream(id, limit, null);
    }

    /** Reads a job's event stream to its end: each event as {name, data}. */
    private List<String[]> readStream(String id, Duration limit, CountDownLatch opened) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id + "/$stream"))
                .header("Accept", "text/event-stream").timeout(limit).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        if (opened != null) {
            opened.countDown();
        }
        List<String[]> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && name != null) {
                    events.add(new String[] {name, data.toString()});
                    name = null;
                    data.setLength(0);
                }
            }
        }
        return events;
    }
}
