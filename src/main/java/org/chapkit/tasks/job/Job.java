package org.chapkit.tasks.job;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job as clients see it.
 *
 * @param id             ULID
 * @param taskName       the task it runs
 * @param params         the params it runs with, defaults filled in
 * @param status         pending, running, completed, failed or canceled
 * @param submittedAt    when it was accepted
 * @param startedAt      when it started running
 * @param finishedAt     when it ended
 * @param progress       the task's last progress report, or null
 * @param error          for a failed job: "ExceptionType: message"
 * @param errorType      for a failed job: the exception's simple class name
 * @param errorTraceback for a failed job: the stack trace, unless switched off
 * @param artifactId     the artifact that holds (or will hold) the result
 * @param attempt        the attempt the job is on, or made last: 1 for its first run, 2 for its first retry ...
 * @param maxAttempts    how many attempts it may make: 1 + its task's {@code retries} when it was accepted
 * @param nextAttemptAt  while it waits for its next attempt after a failure, when that starts; else null
 * @param crashRestarts  how many times a crash cut it off and it ran again ({@code retryOnCrash})
 * @param scheduledFor   when a job asked to start later may start ({@code run_at} or {@code delay}), or null
 * @param rerunOf        the job this one was started again from ({@code $rerun}), or null
 */
@Schema(name = "Job")
public record Job(String id, String taskName, @Schema(implementation = Object.class) JsonNode params,
                  JobStatus status, Instant submittedAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                  @Nullable Progress progress, @Nullable String error, @Nullable String errorType,
                  @Nullable String errorTraceback, String artifactId, int attempt, int maxAttempts,
                  @Nullable Instant nextAttemptAt, int crashRestarts, @Nullable Instant scheduledFor,
                  @Nullable String rerunOf) {

    /**
     * A progress report.
     *
     * @param fraction from 0 to 1
     * @param message  what the task is doing, or null
     */
    @Schema(name = "JobProgress")
    public record Progress(double fraction, @Nullable String message) {
    }
}
