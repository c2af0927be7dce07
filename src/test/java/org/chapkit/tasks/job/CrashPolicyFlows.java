package org.chapkit.tasks.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.chapkit.tasks.config.ChapkitProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/**
 * What happens to a job when a node dies under it, or seems to: the crash policy as the engine's own
 * dead-execution detection triggers it, and the status guard that keeps a finished job finished. Mixed into
 * {@link AbstractJobFlowTest}, so it runs on each database in the same application context.
 */
interface CrashPolicyFlows {

    JobApi api();

    DeadNode deadNode();

    JobRepository repository();

    ChapkitProperties.Jobs config();

    @Test
    default void aJobCutOffByACrashFailsUnlessItsTaskMayRunAgain() {
        String jobId = deadNode().diedRunning("test_once", "{}");
        api().track(jobId);
        Job job = api().awaitEnd(jobId);
        assertThat(job).isFailed().hasErrorType("JobCrashed");
        assertThat(job.error()).startsWith("JobCrashed: ");
        assertThat(JobTestTasks.runs(jobId)).isZero();
        assertThat(api().artifact(job.artifactId()).data().get("error").asString()).isEqualTo(job.error());
        await("the engine to let go of the crashed job").atMost(JobApi.PATIENCE).until(() -> !deadNode().hasExecution(jobId));
    }

    @Test
    default void aJobCutOffByACrashRunsAgainWhenItsTaskAllowsIt() {
        Instant crashSeen = Instant.now();
        String jobId = deadNode().diedRunning("test_rerunnable", "{}");
        api().track(jobId);
        Job job = api().awaitEnd(jobId);
        assertThat(job).isCompleted();
        assertThat(job.startedAt()).isAfter(crashSeen);
        assertThat(JobTestTasks.runs(jobId)).isEqualTo(1);
        assertThat(deadNode().attempts(jobId)).isEqualTo(2);
        assertThat(job.crashRestarts()).isEqualTo(1); // a restart after a crash, not a retry after a failure
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(api().artifact(job.artifactId()).data().get("result").asString()).isEqualTo("ran");
    }

    /**
     * A task that may run again starts its first run without waiting for the disk, so a crash can leave the job
     * {@code pending} although its task ran: the revived execution runs it again, and this start is counted.
     */
    @Test
    default void aJobWhoseStartWasLostInACrashRunsAgain() {
        String jobId = deadNode().diedStarting("test_rerunnable", "{}");
        api().track(jobId);
        Job job = api().awaitEnd(jobId);
        assertThat(job).isCompleted();
        assertThat(JobTestTasks.runs(jobId)).isEqualTo(1);
        assertThat(deadNode().attempts(jobId)).isEqualTo(1);
        assertThat(api().artifact(job.artifactId()).data().get("result").asString()).isEqualTo("ran");
    }

    /** Waiting for a free worker is not dying: once the job runs, nothing may take it for a crashed one. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"test_block", "test_block_rerunnable"})
    default void aJobThatWaitedForAWorkerLongerThanTheCrashLimitRunsOnceUndisturbed(String task) {
        String gate = JobTestTasks.newGate();
        List<JobApi.Submitted> blockers = api().occupyAllWorkers(config().maxConcurrency(), gate);
        String ownGate = JobTestTasks.newGate();
        JobApi.Submitted waiting = api().execute(task, JobTestTasks.gateParams(ownGate));
        // Long enough for the engine to take the waiting job for dead more than once, were it to do so.
        Duration crashLimit = config().heartbeatInterval().multipliedBy(config().missedHeartbeats());
        Duration wellPastTheCrashLimit = crashLimit.multipliedBy(4);
        await("the job to wait for a worker").during(wellPastTheCrashLimit).atMost(wellPastTheCrashLimit.plus(JobApi.PATIENCE))
                .until(() -> api().job(waiting.jobId()).status() == JobStatus.PENDING);

        JobTestTasks.open(gate);
        blockers.forEach(blocker -> assertThat(api().awaitEnd(blocker.jobId())).isCompleted());
        assertThat(api().awaitStatus(waiting.jobId(), JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED))
                .isRunning();
        await("the job to keep running, in one run").during(crashLimit.multipliedBy(2)).atMost(JobApi.PATIENCE)
                .failFast("the job stopped running, or ran a second time", () -> {
                    assertThat(api().job(waiting.jobId())).isRunning();
                    assertThat(JobTestTasks.runs(waiting.jobId())).as("runs of job %s", waiting.jobId()).isEqualTo(1);
                }).until(() -> true);

        JobTestTasks.open(ownGate);
        assertThat(api().awaitEnd(waiting.jobId())).isCompleted();
        assertThat(JobTestTasks.runs(waiting.jobId())).isEqualTo(1);
    }

    @Test
    default void aCompletedJobCannotBeStartedOrFinishedAgain() {
        JobApi.Submitted run = api().execute("greet_user", "{\"name\": \"Ada\"}");
        Job done = api().awaitEnd(run.jobId());
        assertThat(done).isCompleted();

        Instant now = Instant.now();
        assertThat(repository().start(run.jobId(), now)).isFalse();
        for (JobStatus status : List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED)) {
            assertThat(repository().finish(run.jobId(), status, now, "late", "Late", null)).as(status.value()).isFalse();
        }
        assertThat(repository().retry(run.jobId())).isFalse();
        assertThat(api().job(run.jobId())).isEqualTo(done);
    }
}
