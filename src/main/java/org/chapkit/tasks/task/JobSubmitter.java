package org.chapkit.tasks.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/** Where a checked request goes to become a job. The job room implements it; the task room only calls it. */
public interface JobSubmitter {

    /**
     * Accepts {@code call} as a job and returns at once; the task runs in the background.
     *
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null: a repeat with the same key, task and
     *                       params returns the first job and runs nothing
     * @throws QueueFullException              when too many jobs wait to start
     * @throws IdempotencyKeyReusedException when the key was used for another task or other params
     */
    default SubmittedJob submit(BoundCall call, @Nullable String idempotencyKey) {
        return submit(call, idempotencyKey, null);
    }

    /**
     * As {@link #submit(BoundCall, String)}, for a job that waits {@code pending} until {@code runAt} (null: none).
     */
    SubmittedJob submit(BoundCall call, @Nullable String idempotencyKey, @Nullable Instant runAt);

    /**
     * Completes with the finished job, its result inline, if it ends within {@code max}; with empty otherwise, and
     * at once with empty when this node already holds as many waits as it may ({@code chapkit.web.max-waits}).
     * Holds no thread while it waits.
     */
    CompletableFuture<Optional<Object>> whenFinished(String jobId, Duration max);

    /**
     * The ids a client gets back for an accepted job.
     *
     * @param jobId      the job's ULID
     * @param artifactId the ULID of the artifact that will hold its result
     * @param replayed   true when an Idempotency-Key matched an earlier job, which is returned instead
     */
    record SubmittedJob(String jobId, String artifactId, boolean replayed) {

        public SubmittedJob(String jobId, String artifactId) {
            this(jobId, artifactId, false);
        }
    }
}
