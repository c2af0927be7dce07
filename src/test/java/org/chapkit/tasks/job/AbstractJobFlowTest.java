package org.chapkit.tasks.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.chapkit.tasks.artifact.Artifact;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chapkit.tasks.job.JobApi.assertJson;
import static org.chapkit.tasks.job.JobApi.assertProblem;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/**
 * The jobs feature end to end, over HTTP, on whatever database a subclass configures: running every example
 * task to its result artifact, failures, cancellation, timeouts, deletion, listing, raw and child artifacts; and,
 * through {@link CrashPolicyFlows}, the crash policy and the status guard. Heartbeats are short so that the engine's
 * own dead-execution detection acts within a second: 200 ms times 4, db-scheduler's least number of missed
 * heartbeats (2 and 3 pass the properties' validation but stop the start-up; see {@link JobEngineSettingsTest}).
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(JobTestTasks.class)
@TestPropertySource(properties = {
        "chapkit.jobs.max-concurrency=2",
        "chapkit.jobs.heartbeat-interval=200ms",
        "chapkit.jobs.missed-heartbeats=4",
        "chapkit.jobs.polling-interval=200ms",
        "chapkit.artifacts.max-size=64KB"})
abstract class AbstractJobFlowTest implements CrashPolicyFlows {

    private static final Duration CANCEL_LIMIT = Duration.ofSeconds(1);

    @Autowired
    MockMvcTester mvc;
    @Autowired
    @ChapkitJson
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JobRepository repository;
    @Autowired
    ChapkitProperties properties;
    @Autowired
    StoreDialect dialect;

    JobApi api;
    DeadNode deadNode;

    @BeforeEach
    void setUp() {
        api = new JobApi(mvc, json);
        deadNode = new DeadNode(jdbc, dialect);
    }

    @Override
    public JobApi api() {
        return api;
    }

    @Override
    public DeadNode deadNode() {
        return deadNode;
    }

    @Override
    public JobRepository repository() {
        return repository;
    }

    @Override
    public ChapkitProperties.Jobs config() {
        return properties.jobs();
    }

    @AfterEach
    void letNothingRunOn() {
        JobTestTasks.openAll();
        api.awaitAllEnded();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            greet_user    | {"name": "Ada"}                    | {"name": "Ada", "greeting": "Hello"}          | {"message": "Hello, Ada!"}                | null
            greet_user    | {"name": "Bo", "greeting": "Hej"}  | {"name": "Bo", "greeting": "Hej"}             | {"message": "Hej, Bo!"}                   | null
            process_data  | {"values": [1, 2, 3]}              | {"values": [1, 2, 3], "scale": 1}             | {"count": 3, "sum": 6, "mean": 2}         | null
            process_data  | {"values": [], "scale": 2.5}       | {"values": [], "scale": 2.5}                  | {"count": 0, "sum": 0, "mean": null}      | null
            clean_data    | {"values": [1, null, 3]}           | {"values": [1, null, 3]}                      | {"values": [1, 3], "removed": 1}          | null
            send_email    | {"to": "a@b.org", "subject": "Hi"} | {"to": "a@b.org", "subject": "Hi", "body": ""} | {"queued": true, "to": "a@b.org"}        | null
            simulate_work | {"seconds": 0.2}                   | {"seconds": 0.2, "steps": 10}                 | {"steps": 10}                             | null
            always_fail   | {}                                 | {"message": "boom"}                           | null                                      | "IllegalStateException: boom"
            """)
    void anExampleTaskEndsWithItsResultInTheJobsArtifact(String task, String params, String effectiveParams, String result,
                                                         String error) {
        JobApi.Submitted run = api.execute(task, params);
        Job job = api.awaitEnd(run.jobId());

        assertThat(job.taskName()).isEqualTo(task);
        assertThat(job.artifactId()).isEqualTo(run.artifactId());
        assertThat(job).hasStatus("null".equals(error) ? JobStatus.COMPLETED : JobStatus.FAILED).hasStarted().hasFinished();
        JobApi.assertJson(job.params(), effectiveParams);
        Artifact artifact = api.artifact(run.artifactId());
        assertThat(artifact.level()).isZero();
        assertThat(artifact.parentId()).isNull();
        assertThat(artifact.contentType()).isEqualTo(MediaType.APPLICATION_JSON_VALUE);
        JobApi.assertJson(artifact.data(), "{\"task_name\": \"%s\", \"params\": %s, \"result\": %s, \"error\": %s}"
                .formatted(task, effectiveParams, result, error));
        MvcTestResult download = api.download(run.artifactId());
        assertThat(download).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(download).bodyJson().isStrictlyEqualTo(artifact.data().toString());
    }

    @Test
    void systemInfoReturnsWhatUnamePrinted() {
        JobApi.Submitted run = api.execute("system_info", "{}");
        assertThat(api.awaitEnd(run.jobId())).isCompleted();
        JsonNode result = api.artifact(run.artifactId()).data().get("result");
        assertThat(result.get("command").asString()).isEqualTo("uname -a");
        assertThat(result.get("exit_code").asInt()).isZero();
        assertThat(result.get("stdout").asString()).isNotBlank();
    }

    @Test
    void aFailedJobRecordsTheExceptionItsTypeAndTraceback() {
        JobApi.Submitted run = api.execute("always_fail", "{}");
        assertThat(api.awaitEnd(run.jobId())).isFailed().hasError("IllegalStateException: boom")
                .hasErrorType("IllegalStateException").hasTracebackContaining("java.lang.IllegalStateException: boom", "alwaysFail");
        assertThat(api.read(api.get("/api/v1/jobs/" + run.jobId())).propertyNames()).containsExactlyInAnyOrder("id", "task_name",
                "params", "status", "submitted_at", "started_at", "finished_at", "progress", "error", "error_type",
                "error_traceback", "artifact_id", "attempt", "max_attempts", "next_attempt_at", "crash_restarts", "scheduled_for", "rerun_of");
    }

    @Test
    void refusedParamsCreateNoJob() {
        long before = api.jobCount();
        assertProblem(api.executeRaw("greet_user", "{}"), 422, "invalid-params");
        assertProblem(api.executeRaw("greet_user", "{\"name\": \"Ada\", \"colour\": \"red\"}"), 422, "invalid-params");
        assertProblem(api.executeRaw("simulate_work", "{\"steps\": 0}"), 422, "invalid-params");
        assertProblem(api.executeRaw("process_data", "{\"values\": \"many\"}"), 422, "invalid-params");
        assertThat(api.jobCount()).isEqualTo(before);
    }

    /** JSON has no NaN or infinity: the texts Jackson reads as them, and numbers beyond a double, are refused. */
    @Test
    void nonFiniteNumbersInParamsAreRefusedAndCreateNoJob() {
        long before = api.jobCount();
        MvcTestResult refused = api.executeRaw("process_data", "{\"values\": [1, 2, 1e400], \"scale\": \"NaN\"}");
        assertProblem(refused, 422, "invalid-params");
        assertThat(refused).bodyJson().extractingPath("$.errors[*].param").asArray().containsExactly("values[2]", "scale");
        assertThat(refused).bodyJson().extractingPath("$.errors[*].message").asArray()
                .containsExactly("is out of range for a number", "must be a number");
        assertProblem(api.executeRaw("simulate_work", "{\"seconds\": \"Infinity\"}"), 422, "invalid-params");
        assertThat(api.jobCount()).isEqualTo(before);
    }

    /** A result holding NaN or infinity, which JSON cannot carry, fails the job instead of being stored as text. */
    @ParameterizedTest(name = "nested: {0}")
    @CsvSource({"false, result.sum", "true, result.stats[0].mean"})
    void aResultHoldingNaNOrInfinityFailsTheJob(boolean nested, String path) {
        JobApi.Submitted run = api.execute("test_not_finite", "{\"nested\": " + nested + "}");
        Job job = api.awaitEnd(run.jobId());
        assertThat(job).isFailed().hasErrorType("ResultNotFinite");
        assertThat(job.error()).contains(path).contains("NaN or infinity");
        JsonNode data = api.artifact(run.artifactId()).data();
        assertThat(data.get("result").isNull()).isTrue();
        assertThat(data.get("error").asString()).isEqualTo(job.error());
    }

    /**
     * A param that ends up in a log line, through the service's own log of a failed job or a task's logger, stays on
     * that line: its CR and LF are written as escapes, so it cannot pass for a line of its own.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aParamWithLineBreaksCannotForgeALogLine(CapturedOutput output) {
        String forged = "2026-01-01T00:00:00.000Z  INFO 1 --- [main] forged.Logger : all is well";
        String params = "{\"message\": \"boom\\r\\n" + forged + "\"}";
        Job failed = api.awaitEnd(api.execute("always_fail", params).jobId());
        assertThat(failed.error()).as("the job's own error keeps the text as it was").contains("boom\r\n" + forged);
        api.awaitEnd(api.execute("send_email", "{\"to\": \"a@b.org\", \"subject\": \"hi\\n" + forged + "\"}").jobId());

        await().atMost(JobApi.PATIENCE).untilAsserted(() -> assertThat(output.getAll())
                .contains("failed after", "IllegalStateException: boom\\r\\n" + forged)
                .contains("Would send 'hi\\n" + forged + "'"));
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(forged));
    }

    @Test
    void progressIsVisibleWhileRunningAndAtTheEnd() {
        JobApi.Submitted run = api.execute("simulate_work", "{\"seconds\": 2, \"steps\": 4}");
        Job midway = await().atMost(JobApi.PATIENCE).pollInterval(Duration.ofMillis(25)).until(() -> api.job(run.jobId()),
                job -> job.status() == JobStatus.RUNNING && job.progress() != null && job.progress().fraction() < 1);
        assertThat(midway).isRunning();
        int step = (int) Math.round(midway.progress().fraction() * 4);
        assertThat(step).isBetween(1, 3);
        assertThat(midway).hasProgress(step / 4.0, "step " + step + " of 4");

        assertThat(api.awaitEnd(run.jobId())).isCompleted().hasProgress(1.0, "step 4 of 4");
    }

    /** A re-runnable task's run, short or long, ends with its start and one attempt. */
    @Test
    void aRerunnableJobEndsWithItsStartAndOneAttempt() {
        JobApi.Submitted run = api.execute("test_rerunnable", "{}");
        Job job = api.awaitEnd(run.jobId());
        assertThat(job).isCompleted().hasStarted();
        assertThat(job.startedAt()).isBetween(job.submittedAt(), job.finishedAt());
        assertThat(repository.attempts(run.jobId())).isEqualTo(1);
        assertThat(JobTestTasks.runs(run.jobId())).isEqualTo(1);

        String gate = JobTestTasks.newGate();
        JobApi.Submitted longer = api.execute("test_block_rerunnable", JobTestTasks.gateParams(gate));
        assertThat(api.awaitStatus(longer.jobId(), JobStatus.RUNNING)).isRunning().hasStarted();
        JobTestTasks.open(gate);
        assertThat(api.awaitEnd(longer.jobId())).isCompleted();
        assertThat(repository.attempts(longer.jobId())).isEqualTo(1);
    }

    @Test
    void aCanceledPendingJobNeverStarts() {
        String gate = JobTestTasks.newGate();
        List<JobApi.Submitted> blockers = api.occupyAllWorkers(properties.jobs().maxConcurrency(), gate);
        JobApi.Submitted waiting = api.execute("greet_user", "{\"name\": \"Ada\"}");
        assertThat(api.job(waiting.jobId())).isPending().neverStarted();
        assertProblem(api.get("/api/v1/artifacts/" + waiting.artifactId()), 404, "artifact-not-found"); // written at its end

        MvcTestResult cancel = api.cancel(waiting.jobId());
        assertThat(cancel).hasStatus(202);
        assertThat(api.readJob(cancel)).isCanceled().neverStarted();

        JobTestTasks.open(gate);
        blockers.forEach(blocker -> assertThat(api.awaitEnd(blocker.jobId())).isCompleted());
        await("the engine to let go of the canceled job").atMost(JobApi.PATIENCE).until(() -> !deadNode.hasExecution(waiting.jobId()));
        assertThat(api.job(waiting.jobId())).isCanceled().neverStarted();
        assertThat(api.artifact(waiting.artifactId()).data().get("result").isNull()).isTrue();
    }

    @Test
    void aRunningJobIsCanceledWithinASecond() {
        JobApi.Submitted run = api.execute("simulate_work", "{\"seconds\": 60, \"steps\": 600}");
        assertCanceledQuickly(run.jobId());
    }

    @Test
    void aTaskThatIgnoresInterruptsIsStillCanceledWithinASecond() {
        JobApi.Submitted run = api.execute("test_stubborn", JobTestTasks.gateParams(JobTestTasks.newGate()));
        assertCanceledQuickly(run.jobId());
    }

    @Test
    void aFinishedJobCannotBeCanceled() {
        JobApi.Submitted run = api.execute("greet_user", "{\"name\": \"Ada\"}");
        Job done = api.awaitEnd(run.jobId());
        assertProblem(api.cancel(run.jobId()), 409, "job-finished");
        assertThat(api.job(run.jobId())).isEqualTo(done);
    }

    @Test
    void aRerunIsANewJobOfTheSameTaskAndParamsThatNamesTheFirst() {
        JobApi.Submitted first = api.execute("greet_user", "{\"name\": \"Ada\"}");
        Job ended = api.awaitEnd(first.jobId());

        MvcTestResult rerun = api.rerun(first.jobId());
        assertThat(rerun).hasStatus(202);
        Job again = api.readJob(rerun);
        api.track(again.id());
        assertThat(rerun).hasHeader("Location", "/api/v1/jobs/" + again.id());
        assertThat(again.id()).isNotEqualTo(first.jobId());
        assertThat(again.artifactId()).isNotEqualTo(first.artifactId());
        assertThat(again.rerunOf()).isEqualTo(first.jobId());
        assertThat(again.taskName()).isEqualTo("greet_user");
        assertThat(again.params()).isEqualTo(ended.params());
        assertThat(api.awaitEnd(again.id())).isCompleted();
        assertThat(api.artifact(again.artifactId()).data().get("result"))
                .isEqualTo(api.artifact(first.artifactId()).data().get("result"));
        assertThat(api.job(first.jobId()).rerunOf()).isNull();
    }

    @Test
    void aRerunIsCheckedAgainAsAnExecuteIs() {
        JobApi.Submitted first = api.execute("greet_user", "{\"name\": \"Ada\"}");
        api.awaitEnd(first.jobId());
        long jobs = api.jobCount();

        jdbc.sql("update jobs set params = ? where id = ?").params("{\"name\": 5}", first.jobId()).update();
        assertProblem(api.rerun(first.jobId()), 422, "invalid-params");
        jdbc.sql("update jobs set task_name = ? where id = ?").params("no_such_task", first.jobId()).update();
        assertProblem(api.rerun(first.jobId()), 404, "task-not-found");
        assertProblem(api.rerun("01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "job-not-found");
        assertProblem(api.rerun("not-a-ulid"), 400, "invalid-id");
        assertThat(api.jobCount()).isEqualTo(jobs);
    }

    @Test
    void manyJobsAreCanceledAtOnceByTaskAndStatus() {
        String gate = JobTestTasks.newGate();
        List<JobApi.Submitted> blockers = api.occupyAllWorkers(properties.jobs().maxConcurrency(), gate);
        List<JobApi.Submitted> greetings = IntStream.range(0, 3).mapToObj(i -> api.execute("greet_user", "{\"name\": \"Ada\"}")).toList();
        JobApi.Submitted other = api.execute("send_email", "{\"to\": \"ada@example.org\", \"subject\": \"Hi\"}");

        MvcTestResult greetingsOnly = api.cancelAll("?task_name=greet_user&status=pending");
        assertThat(greetingsOnly).hasStatus(200);
        assertJson(api.read(greetingsOnly), "{\"canceled\": 3}");
        greetings.forEach(job -> assertThat(api.job(job.jobId())).isCanceled().neverStarted());
        assertThat(api.job(other.jobId())).isPending();

        MvcTestResult running = api.cancelAll("?status=running");
        assertJson(api.read(running), "{\"canceled\": " + blockers.size() + "}");
        blockers.forEach(blocker -> assertThat(api.awaitEnd(blocker.jobId())).isCanceled());
        assertThat(api.awaitEnd(other.jobId())).isCompleted(); // pending, not running: left alone, and ran once workers were free
        assertJson(api.read(api.cancelAll("")), "{\"canceled\": 0}");
        JobTestTasks.open(gate);
    }

    @Test
    void aBulkCancelRefusesStatusesThatHaveEnded() {
        for (String status : List.of("completed", "canceled", "nonsense", "pending,finished")) {
            assertProblem(api.cancelAll("?status=" + status), 400, "bad-request");
        }
    }

    @Test
    void aDelayedJobWaitsPendingUntilItsTimeAndThenRuns() {
        MvcTestResult result = api.executeBody("greet_user", "{\"params\": {\"name\": \"Ada\"}, \"delay\": \"PT1.5S\"}");
        assertThat(result).hasStatus(202);
        String jobId = api.read(result).get("job_id").asString();
        api.track(jobId);
        Job waiting = api.job(jobId);
        assertThat(waiting).isPending().neverStarted();
        assertThat(waiting.scheduledFor()).isBetween(waiting.submittedAt().plusMillis(1400), waiting.submittedAt().plusMillis(1600));

        Job ended = api.awaitEnd(jobId);
        assertThat(ended).isCompleted();
        assertThat(ended.startedAt()).isAfterOrEqualTo(waiting.scheduledFor().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(ended.scheduledFor()).isEqualTo(waiting.scheduledFor());
    }

    @Test
    void aJobForLaterIsPendingWithItsTimeAndCanBeCanceled() {
        Instant later = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        MvcTestResult result = api.executeBody("greet_user", "{\"params\": {\"name\": \"Ada\"}, \"run_at\": \"" + later + "\"}");
        assertThat(result).hasStatus(202);
        String jobId = api.read(result).get("job_id").asString();
        api.track(jobId);
        assertThat(api.job(jobId)).isPending().neverStarted();
        assertThat(api.job(jobId).scheduledFor()).isEqualTo(later);
        assertThat(api.read(api.get("/api/v1/jobs/" + jobId)).get("scheduled_for").asString()).isEqualTo(later.toString());

        // A wait would outlast the request: the answer is the 202 at once.
        MvcTestResult waited = mvc.post().uri("/api/v1/tasks/greet_user/$execute").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=10").content("{\"params\": {\"name\": \"Bo\"}, \"delay\": \"PT1H\"}").exchange();
        assertThat(waited).hasStatus(202);
        api.track(api.read(waited).get("job_id").asString());
        assertThat(api.cancelAll("?task_name=greet_user&status=pending")).hasStatus(200);
        assertThat(api.job(jobId)).isCanceled().neverStarted();
    }

    @Test
    void aShortDelayIsWaitedForWithPreferWait() {
        MvcTestResult waited = mvc.post().uri("/api/v1/tasks/greet_user/$execute").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=10").content("{\"params\": {\"name\": \"Ada\"}, \"delay\": \"PT0.5S\"}").exchange();
        assertThat(waited).hasStatus(200);
        JsonNode job = api.read(waited);
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("scheduled_for").isString()).isTrue();
    }

    @Test
    void aRunTimeInThePastWithinAMinuteRunsAtOnce() {
        Instant recent = Instant.now().minusSeconds(30);
        MvcTestResult result = api.executeBody("greet_user", "{\"params\": {\"name\": \"Ada\"}, \"run_at\": \"" + recent + "\"}");
        assertThat(result).hasStatus(202);
        String jobId = api.read(result).get("job_id").asString();
        api.track(jobId);
        assertThat(api.awaitEnd(jobId)).isCompleted();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "run_at": "2020-01-01T00:00:00Z"                        | run_at
            "run_at": "tomorrow"                                     | run_at
            "run_at": "2026-12-24T18:00:00"                          | run_at
            "run_at": 1767225600                                     | run_at
            "delay": "-PT1S"                                         | delay
            "delay": "5 minutes"                                     | delay
            "delay": 30                                              | delay
            "delay": "PT1S", "run_at": "2099-01-01T00:00:00Z"        | delay
            """)
    void badRunTimesAreRefusedAndCreateNoJob(String fields, String field) {
        long jobs = api.jobCount();
        MvcTestResult result = api.executeBody("greet_user", "{\"params\": {\"name\": \"Ada\"}, " + fields + "}");
        assertProblem(result, 422, "invalid-field");
        assertThat(result).bodyJson().extractingPath("$.errors[0].param").isEqualTo(field);
        assertProblem(mvc.post().uri("/api/v1/tasks/greet_user/$validate").contentType(MediaType.APPLICATION_JSON)
                .content("{\"params\": {\"name\": \"Ada\"}, " + fields + "}").exchange(), 422, "invalid-field");
        assertThat(api.jobCount()).isEqualTo(jobs);
    }

    @Test
    void aFailedAttemptWaitsPendingWithItsErrorAndTheNextAttemptSucceeds() {
        JobApi.Submitted run = api.execute("flaky_work", "{\"fail_times\": 1}");
        Job first = api.job(run.jobId());
        assertThat(first.attempt()).isIn(1, 2); // its first attempt may have failed already
        assertThat(first.maxAttempts()).isEqualTo(4);

        Job waiting = await("the first attempt to fail").atMost(JobApi.PATIENCE).pollInterval(Duration.ofMillis(10))
                .until(() -> api.job(run.jobId()), job -> job.attempt() == 2 || job.status().isFinished());
        if (waiting.status() == JobStatus.PENDING) { // seen in the second between the attempts
            assertThat(waiting.nextAttemptAt()).isNotNull();
            assertThat(waiting.error()).startsWith("IllegalStateException: attempt 1 fails");
            assertThat(waiting.errorType()).isEqualTo("IllegalStateException");
            assertThat(waiting.startedAt()).isNull();
        }
        Job ended = api.awaitEnd(run.jobId());
        assertThat(ended).isCompleted();
        assertThat(ended.attempt()).isEqualTo(2);
        assertThat(ended.nextAttemptAt()).isNull();
        assertThat(ended.error()).isNull();
        assertThat(ended.crashRestarts()).isZero();
        assertThat(ended.startedAt()).isAfterOrEqualTo(ended.submittedAt().plusMillis(900)); // after the 1 s backoff
        assertThat(api.artifact(run.artifactId()).data().get("result").get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aJobThatFailsEveryAttemptEndsFailedWithTheLastError() {
        JobApi.Submitted run = api.execute("test_retried_failure", "{}");
        Job ended = api.awaitEnd(run.jobId());
        assertThat(ended).isFailed().hasError("IllegalStateException: attempt 3 failed");
        assertThat(ended.attempt()).isEqualTo(3);
        assertThat(ended.maxAttempts()).isEqualTo(3);
        assertThat(ended.nextAttemptAt()).isNull();
        assertThat(JobTestTasks.runs(run.jobId())).isEqualTo(3);
        await("the engine to let go of the job").atMost(JobApi.PATIENCE).until(() -> !deadNode.hasExecution(run.jobId()));
    }

    @Test
    void aJobWaitingForItsNextAttemptCanBeCanceledAndIsNotRetried() {
        JobApi.Submitted run = api.execute("flaky_work", "{\"fail_times\": 3}");
        await("the first attempt to fail").atMost(JobApi.PATIENCE).until(() -> api.job(run.jobId()).attempt() == 2);
        api.cancel(run.jobId());
        Job ended = api.awaitEnd(run.jobId());
        // Canceled while it waits; or, if the second attempt had just started, that attempt ends it: no third either way.
        assertThat(ended.status()).isIn(JobStatus.CANCELED, JobStatus.FAILED);
        assertThat(ended.attempt()).isEqualTo(2);
        await("the engine to let go of the job").atMost(JobApi.PATIENCE).until(() -> !deadNode.hasExecution(run.jobId()));
        assertThat(api.job(run.jobId())).isEqualTo(ended);
    }

    @Test
    void aTaskWithALimitOfOneRunsItsJobsOneAtATimeInSubmitOrder() {
        String gate = JobTestTasks.newGate();
        JobApi.Submitted running = api.execute("test_exclusive", JobTestTasks.gateParams(gate));
        api.awaitStatus(running.jobId(), JobStatus.RUNNING);
        List<JobApi.Submitted> jobs = new java.util.ArrayList<>(List.of(running));
        IntStream.range(0, 3).forEach(i -> jobs.add(api.execute("test_exclusive", JobTestTasks.gateParams(gate))));
        await("the others to find the slot taken").atMost(JobApi.PATIENCE).until(() ->
                jdbc.sql("select count(*) from jobs where task_name = 'test_exclusive' and waiting_slot").query(Integer.class).single() == 3);
        assertThat(jobs.subList(1, 4)).allSatisfy(job -> assertThat(api.job(job.jobId())).isPending().neverStarted());

        JobTestTasks.open(gate);
        List<Job> ended = jobs.stream().map(job -> api.awaitEnd(job.jobId())).toList();
        assertThat(ended).allSatisfy(job -> assertThat(job).isCompleted());
        for (int i = 1; i < ended.size(); i++) {
            assertThat(ended.get(i).startedAt()).as("job %d starts after job %d ended", i, i - 1)
                    .isAfterOrEqualTo(ended.get(i - 1).finishedAt());
        }
        assertThat(api.read(api.get("/api/v1/tasks/test_exclusive")).get("max_concurrency").asInt()).isEqualTo(1);
        assertThat(api.read(api.get("/api/v1/tasks/test_block")).get("max_concurrency").isNull()).isTrue();
    }

    @Test
    void aCanceledJobFreesItsSlotForTheNextInLine() {
        String gate = JobTestTasks.newGate();
        JobApi.Submitted first = api.execute("test_exclusive", JobTestTasks.gateParams(gate));
        api.awaitStatus(first.jobId(), JobStatus.RUNNING);
        JobApi.Submitted second = api.execute("test_exclusive", JobTestTasks.gateParams(gate));
        await("the second to find the slot taken").atMost(JobApi.PATIENCE).until(() ->
                jdbc.sql("select waiting_slot from jobs where id = ?").param(second.jobId()).query(Boolean.class).single());

        assertThat(api.cancel(first.jobId())).hasStatus(202);
        assertThat(api.awaitStatus(second.jobId(), JobStatus.RUNNING).startedAt()).isAfterOrEqualTo(api.job(first.jobId()).finishedAt());
        JobTestTasks.open(gate);
        assertThat(api.awaitEnd(second.jobId())).isCompleted();
    }


    @Test
    void unknownAndMalformedIdsAreProblems() {
        String unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        assertProblem(api.get("/api/v1/jobs/" + unknown), 404, "job-not-found");
        assertProblem(api.cancel(unknown), 404, "job-not-found");
        assertProblem(api.delete(unknown), 404, "job-not-found");
        assertProblem(api.get("/api/v1/jobs/not-a-ulid"), 400, "invalid-id");
        assertProblem(api.cancel("not-a-ulid"), 400, "invalid-id");
        assertProblem(api.delete("not-a-ulid"), 400, "invalid-id");
    }

    @Test
    void aTaskOverItsTimeoutFailsWithTimeoutException() {
        JobApi.Submitted run = api.execute("test_slow", "{}");
        Job job = api.awaitEnd(run.jobId());
        assertThat(job).isFailed().hasErrorType("TimeoutException");
        assertThat(job.error()).startsWith("TimeoutException: ");
        assertThat(Duration.between(job.startedAt(), job.finishedAt())).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    @Test
    void deletingARunningJobRemovesItButKeepsItsArtifact() {
        JobApi.Submitted run = api.execute("simulate_work", "{\"seconds\": 60, \"steps\": 600}");
        api.awaitStatus(run.jobId(), JobStatus.RUNNING);

        assertThat(api.delete(run.jobId())).hasStatus(204);
        assertProblem(api.get("/api/v1/jobs/" + run.jobId()), 404, "job-not-found");
        assertThat(api.artifact(run.artifactId()).data().get("task_name").asString()).isEqualTo("simulate_work");
        await("the engine to let go of the deleted job").atMost(JobApi.PATIENCE).until(() -> !deadNode.hasExecution(run.jobId()));
    }

    /** A job that ends while it is being deleted (between the read and the cancel) is deleted all the same. */
    @Test
    void aJobThatEndsWhileItIsDeletedIsDeleted() {
        for (int i = 0; i < 30; i++) {
            JobApi.Submitted run = api.execute("greet_user", "{\"name\": \"D" + i + "\"}");
            assertThat(api.delete(run.jobId())).hasStatus(204);
            assertProblem(api.get("/api/v1/jobs/" + run.jobId()), 404, "job-not-found");
        }
    }

    @Test
    void listsNewestFirstWithFiltersAndPages() {
        long before = api.page("/api/v1/jobs?task_name=greet_user").get("total").asLong();
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> api.execute("greet_user", "{\"name\": \"N" + i + "\"}").jobId()).toList();
        String failed = api.execute("always_fail", "{}").jobId();
        ids.forEach(api::awaitEnd);
        api.awaitEnd(failed);

        assertThat(api.items(api.page("/api/v1/jobs?size=4"))).extracting(Job::id).containsExactly(failed, ids.get(2), ids.get(1), ids.get(0));
        JsonNode first = api.page("/api/v1/jobs?task_name=greet_user&size=2");
        long total = before + 3;
        assertThat(api.items(first)).extracting(Job::id).containsExactly(ids.get(2), ids.get(1));
        JobApi.assertPage(first, total, 1, 2);
        JsonNode second = api.page("/api/v1/jobs?task_name=greet_user&size=2&page=2");
        assertThat(api.items(second).get(0).id()).isEqualTo(ids.get(0));
        JobApi.assertPage(second, total, 2, 2);
        assertThat(api.items(api.page("/api/v1/jobs?status=failed&size=1000"))).isNotEmpty()
                .allSatisfy(job -> assertThat(job).isFailed()).first().extracting(Job::id).isEqualTo(failed);
        assertThat(api.items(api.page("/api/v1/jobs?status=completed&task_name=greet_user&size=1000")))
                .allSatisfy(job -> assertThat(job.taskName()).isEqualTo("greet_user")).extracting(Job::id).startsWith(ids.get(2));
    }

    @Test
    void badListingQueriesAreRefused() {
        for (String query : List.of("status=bogus", "page=0", "size=0", "size=5000")) {
            MvcTestResult result = api.get("/api/v1/jobs?" + query);
            assertThat(result).as(query).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.errors[0].param").isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void aByteArrayResultDownloadsAsOctetStream() {
        JobApi.Submitted run = api.execute("test_bytes", "{\"text\": \"hello bytes\"}");
        assertThat(api.awaitEnd(run.jobId())).isCompleted();
        MvcTestResult download = api.download(run.artifactId());
        assertThat(download).hasStatusOk().hasContentType(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(download.getResponse().getContentAsByteArray()).isEqualTo("hello bytes".getBytes(StandardCharsets.UTF_8));
        Artifact artifact = api.artifact(run.artifactId());
        assertThat(artifact.contentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        assertThat(artifact.size()).isEqualTo(11);
    }

    @Test
    void childArtifactsAreListedUnderTheJobsResult() {
        JobApi.Submitted run = api.execute("test_children", "{}");
        assertThat(api.awaitEnd(run.jobId())).isCompleted();
        JsonNode ids = api.artifact(run.artifactId()).data().get("result");
        String jsonId = ids.get("json_id").asString();
        String csvId = ids.get("csv_id").asString();

        JsonNode children = api.page("/api/v1/artifacts?parent_id=" + run.artifactId());
        assertThat(children.get("total").asLong()).isEqualTo(2);
        children.get("items").forEach(child -> {
            assertThat(child.get("parent_id").asString()).isEqualTo(run.artifactId());
            assertThat(child.get("level").asInt()).isEqualTo(1);
        });
        assertThat(children.get("items").valueStream().map(child -> child.get("id").asString())).containsExactlyInAnyOrder(jsonId, csvId);
        JobApi.assertJson(api.artifact(jsonId).data(), "{\"rows\": 2, \"columns\": \"a,b\"}");
        MvcTestResult csv = api.download(csvId);
        assertThat(csv).hasStatusOk().hasContentTypeCompatibleWith("text/csv");
        assertThat(csv).hasBodyTextEqualTo("a,b\n1,2\n3,4\n");
        assertThat(api.artifact(csvId).size()).isEqualTo(12);
    }

    /** Canceled within {@link #CANCEL_LIMIT} of the request, by the job's own end time. */
    private void assertCanceledQuickly(String jobId) {
        api.awaitStatus(jobId, JobStatus.RUNNING);
        Instant asked = Instant.now();
        MvcTestResult cancel = api.cancel(jobId);
        assertThat(cancel).hasStatus(202);
        assertThat(api.readJob(cancel).status()).isIn(JobStatus.RUNNING, JobStatus.CANCELED);
        Job job = api.awaitEnd(jobId);
        assertThat(job).isCanceled();
        assertThat(Duration.between(asked, job.finishedAt())).isLessThanOrEqualTo(CANCEL_LIMIT);
    }

    /** Params as large as the body limit allows are stored and run, on every store. */
    @Test
    void paramsNearTheBodyLimitAreAcceptedAndRun() {
        String text = "z".repeat(1_000_000 - 100);
        JobApi.Submitted run = api.execute("test_echo", "{\"text\": \"" + text + "\"}");
        Job job = api.awaitEnd(run.jobId());
        assertThat(job).isCompleted();
        assertThat(api.artifact(job.artifactId()).data().get("result").asInt()).isEqualTo(text.length());
    }

    /** A megabyte of error message with NUL characters ends the job failed, its message cut and marked, not crashed. */
    @Test
    void aHugeErrorMessageWithNulCharactersIsCutAndTheJobFails() {
        JobApi.Submitted run = api.execute("test_loud_failure", "{}");
        Job job = api.awaitEnd(run.jobId());
        assertThat(job).isFailed().hasErrorType("IllegalStateException");
        assertThat(job.error()).startsWith("IllegalStateException: \uFFFDxxx").doesNotContain("\0")
                .endsWith("… [cut: " + (1_000_002 + "IllegalStateException: ".length() - JobRecorder.MAX_ERROR) + " more characters]");
        assertThat(api.artifact(job.artifactId()).data().get("error").asString()).isEqualTo(job.error());
    }

    /** A result over chapkit.artifacts.max-size (64 KB here) fails the job with ResultTooLarge; one under it is kept. */
    @Test
    void aResultOverTheMaximumSizeFailsTheJob() {
        Job small = api.awaitEnd(api.execute("test_big_result", "{\"size\": 1000}").jobId());
        assertThat(small).isCompleted();

        Job large = api.awaitEnd(api.execute("test_big_result", "{\"size\": 100000}").jobId());
        assertThat(large).isFailed().hasErrorType("ResultTooLarge");
        assertThat(large.error()).contains("chapkit.artifacts.max-size allows 65536");
        assertThat(api.artifact(large.artifactId()).data().get("result").isNull()).isTrue();
    }

    /** A progress message the store could not take as it is (too long, a NUL) is cut and cleaned, and the job runs on. */
    @Test
    void aLongProgressMessageWithANulCharacterIsCutAndTheJobCompletes() {
        Job job = api.awaitEnd(api.execute("test_noisy_progress", "{}").jobId());
        assertThat(job).isCompleted();
        assertThat(job.progress().message()).startsWith("\uFFFDppp").endsWith("more characters]").doesNotContain("\0");
        assertThat(job.progress().message().length()).isLessThanOrEqualTo(1000);
    }
}
