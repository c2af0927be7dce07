package org.chapkit.tasks.job;

import java.util.Objects;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;

/** Assertions about a {@link Job} in the words of the API: {@code assertThat(job).isFailed().hasErrorType(...)}. */
final class JobAssert extends AbstractObjectAssert<JobAssert, Job> {

    private JobAssert(Job job) {
        super(job, JobAssert.class);
    }

    static JobAssert assertThat(Job job) {
        return new JobAssert(job);
    }

    JobAssert hasStatus(JobStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected job %s to be %s but it is %s (error: %s)", actual.id(), status.value(),
                    actual.status().value(), actual.error());
        }
        return this;
    }

    JobAssert isPending() {
        return hasStatus(JobStatus.PENDING);
    }

    JobAssert isRunning() {
        return hasStatus(JobStatus.RUNNING).hasStarted();
    }

    /** Completed, with start and end times in order and no error. */
    JobAssert isCompleted() {
        hasStatus(JobStatus.COMPLETED).hasStarted().hasFinished();
        Assertions.assertThat(actual.error()).as("error of completed job %s", actual.id()).isNull();
        Assertions.assertThat(actual.errorType()).as("error_type of completed job %s", actual.id()).isNull();
        return this;
    }

    JobAssert isFailed() {
        return hasStatus(JobStatus.FAILED).hasFinished();
    }

    JobAssert isCanceled() {
        return hasStatus(JobStatus.CANCELED).hasFinished();
    }

    JobAssert hasStarted() {
        Assertions.assertThat(actual.startedAt()).as("started_at of job %s", actual.id()).isNotNull()
                .isAfterOrEqualTo(actual.submittedAt());
        return this;
    }

    /** It never ran: no start time, no progress. */
    JobAssert neverStarted() {
        Assertions.assertThat(actual.startedAt()).as("started_at of job %s", actual.id()).isNull();
        Assertions.assertThat(actual.progress()).as("progress of job %s", actual.id()).isNull();
        return this;
    }

    JobAssert hasFinished() {
        Assertions.assertThat(actual.finishedAt()).as("finished_at of job %s", actual.id()).isNotNull()
                .isAfterOrEqualTo(Objects.requireNonNullElse(actual.startedAt(), actual.submittedAt()));
        return this;
    }

    JobAssert hasError(String error) {
        Assertions.assertThat(actual.error()).as("error of job %s", actual.id()).isEqualTo(error);
        return this;
    }

    JobAssert hasErrorType(String type) {
        Assertions.assertThat(actual.errorType()).as("error_type of job %s (error: %s)", actual.id(), actual.error())
                .isEqualTo(type);
        return this;
    }

    JobAssert hasTracebackContaining(String... parts) {
        Assertions.assertThat(actual.errorTraceback()).as("error_traceback of job %s", actual.id()).isNotBlank().contains(parts);
        return this;
    }

    JobAssert hasNoTraceback() {
        Assertions.assertThat(actual.errorTraceback()).as("error_traceback of job %s", actual.id()).isNull();
        return this;
    }

    JobAssert hasProgress(double fraction, String message) {
        Assertions.assertThat(actual.progress()).as("progress of job %s", actual.id())
                .isEqualTo(new Job.Progress(fraction, message));
        return this;
    }
}
