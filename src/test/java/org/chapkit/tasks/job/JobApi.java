package org.chapkit.tasks.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.chapkit.tasks.artifact.Artifact;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonContent;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task, job and artifact routes as a test calls them: requests through {@link MockMvcTester}, answers read
 * into the service's own records. Remembers the jobs it submitted so a test can wait for all of them to end.
 */
final class JobApi {

    /** The longest any job of these tests may take to reach the state a test waits for. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(25);

    private final MockMvcTester mvc;
    private final JsonMapper json;
    private final List<String> submitted = new ArrayList<>();

    JobApi(MockMvcTester mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    /** What {@code $execute} answered with 202. */
    record Submitted(String jobId, String artifactId) {
    }

    MvcTestResult executeRaw(String task, String params) {
        return mvc.post().uri("/api/v1/tasks/" + task + "/$execute").contentType(MediaType.APPLICATION_JSON)
                .content("{\"params\": " + params + "}").exchange();
    }

    MvcTestResult executeBody(String task, String body) {
        return mvc.post().uri("/api/v1/tasks/" + task + "/$execute").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    /** Runs a task and checks the 202 answer. */
    Submitted execute(String task, String params) {
        MvcTestResult result = executeRaw(task, params);
        assertThat(result).hasStatus(202);
        JsonNode body = read(result);
        String jobId = body.get("job_id").asString();
        assertThat(result).hasHeader(HttpHeaders.LOCATION, "/api/v1/jobs/" + jobId);
        assertThat(body.get("task_name").asString()).isEqualTo(task);
        assertThat(body.get("status").asString()).isEqualTo("pending");
        submitted.add(jobId);
        return new Submitted(jobId, body.get("artifact_id").asString());
    }

    /** Counts a job the test made without {@code $execute} among those {@link #awaitAllEnded()} waits for. */
    void track(String jobId) {
        submitted.add(jobId);
    }

    MvcTestResult get(String uri) {
        return mvc.get().uri(uri).exchange();
    }

    MvcTestResult cancel(String jobId) {
        return mvc.post().uri("/api/v1/jobs/" + jobId + "/$cancel").exchange();
    }

    MvcTestResult rerun(String jobId) {
        return mvc.post().uri("/api/v1/jobs/" + jobId + "/$rerun").exchange();
    }

    MvcTestResult cancelAll(String query) {
        return mvc.post().uri("/api/v1/jobs/$cancel" + query).exchange();
    }

    MvcTestResult delete(String jobId) {
        return mvc.delete().uri("/api/v1/jobs/" + jobId).exchange();
    }

    Job job(String jobId) {
        MvcTestResult result = get("/api/v1/jobs/" + jobId);
        assertThat(result).hasStatusOk();
        return json.readValue(body(result), Job.class);
    }

    Job readJob(MvcTestResult result) {
        return json.readValue(body(result), Job.class);
    }

    Artifact artifact(String artifactId) {
        MvcTestResult result = get("/api/v1/artifacts/" + artifactId);
        assertThat(result).hasStatusOk();
        return json.readValue(body(result), Artifact.class);
    }

    MvcTestResult download(String artifactId) {
        return get("/api/v1/artifacts/" + artifactId + "/$download");
    }

    /** A listing page as JSON: {@code items, total, page, size, pages}. */
    JsonNode page(String uri) {
        MvcTestResult result = get(uri);
        assertThat(result).hasStatusOk();
        return read(result);
    }

    List<Job> items(JsonNode page) {
        List<Job> jobs = new ArrayList<>();
        page.get("items").forEach(item -> jobs.add(json.treeToValue(item, Job.class)));
        return jobs;
    }

    long jobCount() {
        return page("/api/v1/jobs").get("total").asLong();
    }

    /** Polls until the job is in one of these statuses. */
    Job awaitStatus(String jobId, JobStatus... statuses) {
        Set<JobStatus> wanted = Set.copyOf(Arrays.asList(statuses));
        return await("job " + jobId + " to be " + wanted).atMost(PATIENCE).pollInterval(POLL)
                .until(() -> job(jobId), job -> wanted.contains(job.status()));
    }

    Job awaitEnd(String jobId) {
        return awaitStatus(jobId, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED);
    }

    /** Waits until every job this test submitted has ended (or is gone), so none runs into the next test. */
    void awaitAllEnded() {
        await("the jobs of this test to end").atMost(PATIENCE).pollInterval(POLL).until(() -> submitted.stream().allMatch(id -> {
            MvcTestResult result = get("/api/v1/jobs/" + id);
            return result.getResponse().getStatus() == 404 || readJob(result).status().isFinished();
        }));
    }

    /** Runs one {@code test_block} job per worker and waits until all of them run, so that the next job waits. */
    List<Submitted> occupyAllWorkers(int workers, String gate) {
        List<Submitted> blockers = IntStream.range(0, workers).mapToObj(i -> execute("test_block", JobTestTasks.gateParams(gate))).toList();
        blockers.forEach(blocker -> awaitStatus(blocker.jobId(), JobStatus.RUNNING));
        return blockers;
    }

    JsonNode read(MvcTestResult result) {
        return json.readTree(body(result));
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertPage(JsonNode page, long total, int number, int size) {
        assertThat(page.get("total").asLong()).isEqualTo(total);
        assertThat(page.get("page").asInt()).isEqualTo(number);
        assertThat(page.get("size").asInt()).isEqualTo(size);
        assertThat(page.get("pages").asLong()).isEqualTo((total + size - 1) / size);
    }

    /** Equal as JSON, no field more or less; numbers compare by value ({@code 1} equals {@code 1.0}). */
    static void assertJson(JsonNode actual, String expected) {
        assertThat(new JsonContent(String.valueOf(actual))).isStrictlyEqualTo(expected);
    }

    /** An RFC 9457 problem with this status and {@code urn:chapkit:error:<slug>} type. */
    static void assertProblem(MvcTestResult result, int status, String slug) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.type").isEqualTo("urn:chapkit:error:" + slug);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
    }
}
