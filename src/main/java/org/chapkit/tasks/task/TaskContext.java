package org.chapkit.tasks.task;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What the service hands a running task: who it is, a way to report progress, and whether it should stop.
 * Declare a parameter of this type on a task method to receive it; it is never bound from {@code params}.
 */
public interface TaskContext {

    /** The id of the job this run belongs to. */
    String jobId();

    /** The name of the task being run. */
    String taskName();

    /** Which attempt this run is: 1 for the first, 2 for the first retry after a failure ({@link Task#retries()}). */
    default int attempt() {
        return 1;
    }

    /**
     * Reports how far the task has got.
     *
     * @param fraction between 0 and 1 (values outside are clamped)
     * @param message what the task is doing now, or {@code null}
     */
    void progress(double fraction, @Nullable String message);

    /** True once the job has been canceled; a long task should check this between steps and stop. */
    boolean isCancelled();

    /** Throws {@link TaskCancelledException} if the job has been canceled. */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new TaskCancelledException(jobId());
        }
    }

    /** A logger whose lines carry the job id (MDC key {@code job_id}) and task name. */
    Logger logger();

    /**
     * Stores JSON data as an artifact under this job's result artifact.
     *
     * @param data any JSON-serialisable value
     * @return the new artifact's id
     */
    String saveArtifact(Object data);

    /**
     * Stores a file (a model, an image, a CSV ...) as an artifact under this job's result artifact; clients
     * fetch it with {@code GET /api/v1/artifacts/{id}/$download}.
     *
     * @param content     the bytes
     * @param contentType their media type, for example {@code text/csv}
     * @return the new artifact's id
     */
    String saveArtifact(byte[] content, String contentType);
}
