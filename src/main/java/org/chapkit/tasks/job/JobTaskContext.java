package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.task.TaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a running job's task sees: progress goes to the job row, artifacts under the job's result. */
final class JobTaskContext implements TaskContext {

    private final String jobId;
    private final String taskName;
    private final String artifactId;
    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final JobEvents events;
    private final Logger logger;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final BooleanSupplier writeStart;
    /** The job's result artifact as far as it is known, written before the task's first child artifact. */
    private final Supplier<JsonNode> resultSoFar;
    private final Object resultLock = new Object();
    /** Whether the task created the result artifact, and whether the job's end now writes it; under resultLock. */
    private boolean resultWritten;
    private boolean resultLeftToEnd;

    /**
     * @param writeStart writes the job's start if it is not written yet (JobRunner.StartMark), before the task's
     *                   first progress or artifact; false if the job has moved on
     */
    JobTaskContext(String jobId, String taskName, String artifactId, Supplier<JsonNode> resultSoFar, JobRepository jobs,
                   ArtifactStore artifacts, JsonMapper json, JobEvents events, BooleanSupplier writeStart) {
        this.writeStart = writeStart;
        this.resultSoFar = resultSoFar;
        this.events = events;
        this.jobId = jobId;
        this.taskName = taskName;
        this.artifactId = artifactId;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.json = json;
        this.logger = LoggerFactory.getLogger("task." + taskName);
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
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        String text = message == null || message.length() <= 1000 ? message : message.substring(0, 1000);
        if (writeStart.getAsBoolean() && jobs.progress(jobId, clamped, text)) {
            events.changed(jobId);
        }
    }

    /**
     * Whether the task created the job's result artifact by saving a child of it; called as the job's end is
     * recorded, after which a child saved by a task still running in the background (canceled, or past its
     * timeout) no longer creates it: the end does, and such a child is refused until the end is committed.
     */
    boolean resultWrittenBeforeEnd() {
        synchronized (resultLock) {
            resultLeftToEnd = true;
            return resultWritten;
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public String saveArtifact(Object data) {
        return addChild(json.valueToTree(data), null);
    }

    @Override
    public String saveArtifact(byte[] content, String contentType) {
        return addChild(null, new ArtifactContent(contentType, content.clone()));
    }

    /** A child of the job's result artifact, which is created first if this is the task's first child. */
    private String addChild(@Nullable JsonNode data, @Nullable ArtifactContent content) {
        writeStart.getAsBoolean();
        Instant now = Times.now();
        synchronized (resultLock) { // a second thread of the task saving a child waits until the parent exists
            if (!resultWritten && !resultLeftToEnd) {
                artifacts.createResultIfAbsent(artifactId, resultSoFar.get(), now);
                resultWritten = true;
            }
        }
        return artifacts.addChild(artifactId, data, content, now);
    }
}
