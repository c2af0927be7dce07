package org.chapkit.tasks.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.chapkit.tasks.task.ProgressFraction;
import org.chapkit.tasks.task.TaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TaskContext} of a {@link TaskTester} run: it keeps what the task reports, and can be canceled by the
 * test (before the run, or from another thread while it runs).
 */
public final class TestTaskContext implements TaskContext {

    /** One progress report, clamped to 0..1 as the service stores it. */
    public record Progress(double fraction, @Nullable String message) {
    }

    /** One artifact the task saved: JSON data, or bytes with their media type. */
    public record SavedArtifact(String id, @Nullable Object data, byte @Nullable [] content, @Nullable String contentType) {
    }

    private final String jobId;
    private final String taskName;
    private final Logger logger;
    private final List<Progress> progress = new CopyOnWriteArrayList<>();
    private final List<SavedArtifact> artifacts = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile int attempt = 1;

    public TestTaskContext(String jobId, String taskName) {
        this.jobId = jobId;
        this.taskName = taskName;
        this.logger = LoggerFactory.getLogger("task." + taskName); // the logger a job of the task writes to
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public void progress(double fraction, @Nullable String message) {
        progress.add(new Progress(ProgressFraction.clamp(fraction), message));
    }

    @Override
    public int attempt() {
        return attempt;
    }

    /** Makes the task see this run as attempt {@code attempt} (1 for the first), as a retry would. */
    public TestTaskContext attempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("an attempt is 1 or more, not " + attempt);
        }
        this.attempt = attempt;
        return this;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Cancels the run, as {@code POST /api/v1/jobs/{id}/$cancel} would. */
    public void cancel() {
        cancelled = true;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public String saveArtifact(Object data) {
        return save(data, null, null);
    }

    @Override
    public String saveArtifact(byte[] content, String contentType) {
        return save(null, content.clone(), contentType);
    }

    private String save(@Nullable Object data, byte @Nullable [] content, @Nullable String contentType) {
        String id = jobId + "-artifact-" + (artifacts.size() + 1);
        artifacts.add(new SavedArtifact(id, data, content, contentType));
        return id;
    }

    /** Every progress report, in order. */
    public List<Progress> progress() {
        return List.copyOf(progress);
    }

    /** Every artifact saved, in order. */
    public List<SavedArtifact> artifacts() {
        return List.copyOf(artifacts);
    }
}
