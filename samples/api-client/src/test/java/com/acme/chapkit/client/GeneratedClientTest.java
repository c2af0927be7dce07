package com.acme.chapkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.acme.chapkit.client.api.ArtifactsApi;
import com.acme.chapkit.client.api.JobsApi;
import com.acme.chapkit.client.api.TasksApi;
import com.acme.chapkit.client.model.Artifact;
import com.acme.chapkit.client.model.ExecuteRequest;
import com.acme.chapkit.client.model.Job;
import com.acme.chapkit.client.model.JobWithResult;
import com.acme.chapkit.client.model.Problem;
import com.acme.chapkit.client.model.ProblemErrorsInner;
import com.acme.chapkit.client.model.TaskInfo;
import com.acme.chapkit.client.model.TaskParameterInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives a running chapkit-tasks service through the client that openapi-generator made from its OpenAPI document,
 * and through nothing else: every request goes through the generated {@code TasksApi}, {@code JobsApi} and
 * {@code ArtifactsApi}, every body is read into a generated model. The service is named by the system property
 * {@code chapkit.base-url}; it needs the example tasks (on by default in the bundled service).
 */
class GeneratedClientTest {

    private static final Duration JOB_DEADLINE = Duration.ofSeconds(30);

    private static ApiClient client;
    private static TasksApi tasks;
    private static JobsApi jobs;
    private static ArtifactsApi artifacts;

    @BeforeAll
    static void connect() {
        String baseUrl = System.getProperty("chapkit.base-url", "");
        if (baseUrl.isBlank() || baseUrl.startsWith("${")) {
            fail("set the system property chapkit.base-url to the running service, e.g. http://127.0.0.1:8080");
        }
        client = new ApiClient();
        client.updateBaseUri(baseUrl.replaceAll("/+$", ""));
        client.setConnectTimeout(Duration.ofSeconds(10));
        client.setReadTimeout(Duration.ofSeconds(30));
        tasks = new TasksApi(client);
        jobs = new JobsApi(client);
        artifacts = new ArtifactsApi(client);
    }

    @Test
    void listsGreetUserWithItsParameters() throws ApiException {
        List<TaskInfo> all = tasks.listTasks(null);
        TaskInfo greet = all.stream()
                .filter(task -> "greet_user".equals(task.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("greet_user is not listed; the tasks are "
                        + all.stream().map(TaskInfo::getName).toList()));
        assertEquals(Boolean.TRUE, greet.getEnabled());
        assertTrue(greet.getTags().contains("demo"), "tags " + greet.getTags());
        TaskParameterInfo name = greet.getParameters().stream()
                .filter(parameter -> "name".equals(parameter.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("greet_user has no parameter 'name': " + greet.getParameters()));
        assertEquals(Boolean.TRUE, name.getRequired());
        assertEquals("object", greet.getParamsSchema().get("type"), "params_schema " + greet.getParamsSchema());
    }

    @Test
    void runsGreetUserAndReadsTheGreetingFromItsArtifact() throws Exception {
        // openapi-generator gives an operation the type of its lowest 2xx response: executeTask is typed
        // JobWithResult (the 200 of Prefer: wait) also for the plain 202, whose body is an ExecuteResponse. The
        // fields the two share are read from the body; the job id, ExecuteResponse.job_id, from the Location header.
        ApiResponse<JobWithResult> accepted = tasks.executeTaskWithHttpInfo(
                "greet_user", null, null, new ExecuteRequest().params(Map.of("name", "Ada")));
        assertEquals(202, accepted.getStatusCode());
        JobWithResult pending = accepted.getData();
        assertEquals("greet_user", pending.getTaskName());
        assertEquals(JobWithResult.StatusEnum.PENDING, pending.getStatus());
        String artifactId = pending.getArtifactId();
        assertNotNull(artifactId, "the 202 names no artifact_id");
        String location = header(accepted, "Location");
        assertTrue(location.startsWith("/api/v1/jobs/"), "Location: " + location);
        String jobId = location.substring("/api/v1/jobs/".length());

        Job job = awaitEnd(jobId);
        assertEquals(Job.StatusEnum.COMPLETED, job.getStatus(), () -> "the job ended " + job);
        assertEquals("greet_user", job.getTaskName());
        assertEquals(Map.of("name", "Ada", "greeting", "Hello"), job.getParams());
        assertEquals(artifactId, job.getArtifactId());
        assertNotNull(job.getSubmittedAt());
        assertNotNull(job.getStartedAt());
        assertNull(job.getError());

        Artifact artifact = artifacts.getArtifact(artifactId);
        assertEquals(artifactId, artifact.getId());
        assertEquals(0, artifact.getLevel());
        assertNull(artifact.getParentId());
        if (!(artifact.getData() instanceof Map<?, ?> data)) {
            throw new AssertionError("the artifact's data is not an object: " + artifact.getData());
        }
        assertEquals("greet_user", data.get("task_name"));
        assertEquals(Map.of("message", "Hello, Ada!"), data.get("result"), () -> "artifact data " + data);
    }

    @Test
    void refusedParamsComeBackAsAProblemListingEachParameter() throws Exception {
        ApiException refused = assertThrows(ApiException.class, () -> tasks.executeTask(
                "greet_user", null, null, new ExecuteRequest().params(Map.of("name", " "))));
        assertEquals(422, refused.getCode(), () -> "answered " + refused.getCode() + ": " + refused.getResponseBody());
        String contentType = refused.getResponseHeaders().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("application/problem+json"), "Content-Type: " + contentType);

        Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertEquals(URI.create("urn:chapkit:error:invalid-params"), problem.getType());
        assertEquals(422, problem.getStatus());
        assertEquals("/api/v1/tasks/greet_user/$execute", problem.getInstance());
        assertNotNull(problem.getTitle());
        assertNotNull(problem.getDetail());
        List<ProblemErrorsInner> errors = problem.getErrors();
        assertEquals(1, errors.size(), () -> "errors " + errors);
        assertEquals("name", errors.get(0).getParam());
        assertEquals("must not be blank", errors.get(0).getMessage());
    }

    /** Polls getJob until the job has ended, or fails once JOB_DEADLINE has passed. */
    private static Job awaitEnd(String jobId) throws ApiException, InterruptedException {
        Instant deadline = Instant.now().plus(JOB_DEADLINE);
        while (true) {
            Job job = jobs.getJob(jobId);
            assertEquals(jobId, job.getId());
            if (job.getFinishedAt() != null) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("job " + jobId + " did not end within " + JOB_DEADLINE + "; last seen " + job);
            }
            Thread.sleep(100);
        }
    }

    private static String header(ApiResponse<?> response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                .map(entry -> entry.getValue().get(0))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " header in " + response.getHeaders()));
    }
}
