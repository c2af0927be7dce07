package org.chapkit.tasks.job;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.notNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/** The job flows on the default embedded H2 file database. */
class H2JobFlowTest extends AbstractJobFlowTest {

    /** A nested class's own application context (its settings differ), its own API client, and nothing left running. */
    abstract class OtherSettings {

        @Autowired
        MockMvcTester mvc;
        @Autowired
        JsonMapper json;

        JobApi api;

        @BeforeEach
        void setUp() {
            api = new JobApi(mvc, json);
        }

        @AfterEach
        void letNothingRunOn() {
            api.awaitAllEnded();
        }
    }

    /** With {@code chapkit.jobs.include-traceback=false} a failed job says what went wrong but not where. */
    @Nested
    @TestPropertySource(properties = "chapkit.jobs.include-traceback=false")
    class WithoutTracebacks extends OtherSettings {

        @Test
        void aFailedJobHasNoTraceback() {
            JobApi.Submitted run = api.execute("always_fail", "{}");
            assertThat(api.awaitEnd(run.jobId())).isFailed().hasError("IllegalStateException: boom")
                    .hasErrorType("IllegalStateException").hasNoTraceback();
        }
    }

    /** With the default running-mark delay, a re-runnable job that ends at once is never written {@code running}. */
    @Nested
    class WithStartWritesCounted extends OtherSettings {

        @MockitoSpyBean
        JobRepository repository;

        @Test
        void aRerunnableJobThatEndsAtOnceIsWrittenOnceAndOneThatBlocksIsWrittenRunning() {
            JobApi.Submitted quick = api.execute("test_rerunnable", "{}");
            assertThat(api.awaitEnd(quick.jobId())).isCompleted().hasStarted();
            verify(repository, never()).start(eq(quick.jobId()), any());
            verify(repository).finish(eq(quick.jobId()), eq(JobStatus.COMPLETED), notNull(), any(), isNull(), isNull(), isNull());

            String gate = JobTestTasks.newGate();
            JobApi.Submitted longer = api.execute("test_block_rerunnable", JobTestTasks.gateParams(gate));
            api.awaitStatus(longer.jobId(), JobStatus.RUNNING);
            verify(repository).start(eq(longer.jobId()), any());
            JobTestTasks.open(gate);
            assertThat(api.awaitEnd(longer.jobId())).isCompleted();
            verify(repository).finish(eq(longer.jobId()), eq(JobStatus.COMPLETED), isNull(), any(), isNull(), isNull(), isNull());
        }
    }

    /**
     * With a running-mark delay longer than any test, a re-runnable task's first run stays pending in the database
     * until it reports progress or ends; canceling it then stops the task that runs meanwhile.
     */
    @Nested
    @TestPropertySource(properties = "chapkit.jobs.running-mark-delay=1h")
    class WithALateRunningMark extends OtherSettings {

        @Autowired
        JobRepository repository;

        @Test
        void aJobWhoseStartIsNotWrittenYetIsCanceledAndItsTaskStopped() {
            String gate = JobTestTasks.newGate();
            JobApi.Submitted run = api.execute("test_block_rerunnable", JobTestTasks.gateParams(gate));
            await("the task to run").atMost(JobApi.PATIENCE).until(() -> JobTestTasks.runs(run.jobId()) == 1);
            assertThat(api.job(run.jobId())).isPending().neverStarted();

            MvcTestResult cancel = api.cancel(run.jobId());
            assertThat(cancel).hasStatus(202);
            assertThat(api.readJob(cancel)).isCanceled();
            await("the task to be interrupted").atMost(JobApi.PATIENCE).until(() -> JobTestTasks.interrupted(run.jobId()));
            assertThat(api.awaitEnd(run.jobId())).isCanceled().neverStarted();
            assertThat(JobTestTasks.runs(run.jobId())).isEqualTo(1);
            assertThat(repository.attempts(run.jobId())).isZero();
        }

        @Test
        void progressWritesTheStartFirst() {
            String gate = JobTestTasks.newGate();
            JobApi.Submitted run = api.execute("test_progress_rerunnable", JobTestTasks.gateParams(gate));
            Job midway = api.awaitStatus(run.jobId(), JobStatus.RUNNING);
            assertThat(midway).isRunning().hasStarted().hasProgress(0.5, "half way");
            JobTestTasks.open(gate);
            assertThat(api.awaitEnd(run.jobId())).isCompleted().hasProgress(0.5, "half way");
            assertThat(repository.attempts(run.jobId())).isEqualTo(1);
        }
    }

    /**
     * With polling out of the way, only the wake-up after a submit's commit can start its job: the submit's
     * execution is written without db-scheduler's own immediate-execution listener (JobEngine.scheduleAtCommit).
     */
    @Nested
    @TestPropertySource(properties = "chapkit.jobs.polling-interval=1h")
    class WithoutPolling extends OtherSettings {

        @Test
        void eachSubmitWakesTheEngine() {
            for (int i = 0; i < 5; i++) {
                JobApi.Submitted run = api.execute("greet_user", "{\"name\": \"Ada\"}");
                assertThat(api.awaitEnd(run.jobId())).isCompleted();
            }
        }
    }
}
