package org.chapkit.tasks.job;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Times;
import org.chapkit.tasks.store.StoreHealth;
import org.chapkit.tasks.store.StoreText;
import org.chapkit.tasks.task.ProgressFraction;
import org.chapkit.tasks.task.TaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a running job's task sees: progress goes to the job row, artifacts under the job's result. */
final class JobTaskContext implements TaskContext {

    private static final Logger log = LoggerFactory.getLogger(JobTaskContext.class);
    /** The progress message column holds 1000 characters; a cut message ends with a mark of at most 40. */
    private static final int MAX_PROGRESS_TEXT = 960;

    private final String jobId;
    private final String taskName;
    private final String artifactId;
    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final JobEvents events;
    private final StoreHealth storeHealth;
    private final Logger logger;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** The job's result artifact as far as it is known, written before the task's first child artifact. */
    private final Supplier<JsonNode> resultSoFar;
    private final int attempt;
    /** Whether the result artifact exists, so that children can hang under it; under its own lock. */
    private boolean resultCreated;

    JobTaskContext(String jobId, String taskName, int attempt, String artifactId, Supplier<JsonNode> resultSoFar, JobRepository jobs,
                   ArtifactStore artifacts, @ChapkitJson JsonMapper json, JobEvents events, StoreHealth storeHealth) {
        this.attempt = attempt;
        this.resultSoFar = resultSoFar;
        this.events = events;
        this.storeHealth = storeHealth;
        this.jobId = jobId;
        this.taskName = taskName;
        this.artifactId = artifactId;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.json = json;
        this.logger = new TaskLogger(LoggerFactory.getLogger("task." + taskName));
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    /** Progress is worth showing, not worth failing a task for: while the store is unavailable it is skipped. */
    @Override
    public void progress(double fraction, @Nullable String message) {
        double clamped = ProgressFraction.clamp(fraction);
        String text = StoreText.clip(message, MAX_PROGRESS_TEXT); // with its cut mark, within the column's 1000
        try {
            if (jobs.progress(jobId, clamped, text)) {
                events.changed(jobId);
            }
        } catch (RuntimeException e) {
            if (!storeHealth.failed(e)) {
                throw e;
            }
            log.debug("Job {}: progress {} not stored, the store is unavailable", jobId, clamped);
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
        Instant now = Times.now();
        synchronized (this) { // a second thread of the task saving a child waits until the parent exists
            if (!resultCreated) {
                artifacts.createResultIfAbsent(artifactId, resultSoFar.get(), now);
                resultCreated = true;
            }
        }
        return artifacts.addChild(artifactId, data, content, now);
    }
}
