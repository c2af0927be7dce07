package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.task.TaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /**
     * @param writeStart writes the job's start if it is not written yet (JobRunner.StartMark), before the task's
     *                   first progress or artifact; false if the job has moved on
     */
    JobTaskContext(String jobId, String taskName, String artifactId, JobRepository jobs, ArtifactStore artifacts, JsonMapper json,
                   JobEvents events, BooleanSupplier writeStart) {
        this.writeStart = writeStart;
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
        writeStart.getAsBoolean();
        return artifacts.addChild(artifactId, json.valueToTree(data), null, Times.now());
    }

    @Override
    public String saveArtifact(byte[] content, String contentType) {
        writeStart.getAsBoolean();
        return artifacts.addChild(artifactId, null, new ArtifactContent(contentType, content.clone()), Times.now());
    }
}
