package org.chapkit.tasks.job;

import org.chapkit.tasks.common.ChapkitJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.job.JobAssert.assertThat;

/** The job flows on the default embedded SQLite store. */
class SqliteJobFlowTest extends AbstractJobFlowTest {

    /** A nested class's own application context (its settings differ), its own API client, and nothing left running. */
    abstract class OtherSettings {

        @Autowired
        MockMvcTester mvc;
        @Autowired
        @ChapkitJson
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
