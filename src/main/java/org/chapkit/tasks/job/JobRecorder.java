package org.chapkit.tasks.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.LogText;
import org.chapkit.tasks.common.Times;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreFaults;
import org.chapkit.tasks.store.StoreText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes how a job ended: the job row and its result artifact in one transaction (shared with the other jobs
 * ending meanwhile, see {@link GroupCommit}), or neither when the job was moved on meanwhile (canceled, deleted).
 * What a task leaves is made to fit the store first: an error message is cut at {@value #MAX_ERROR} characters,
 * a result over {@code chapkit.artifacts.max-size} fails the job with {@code ResultTooLarge}, and one that holds NaN
 * or infinity with {@code ResultNotFinite}.
 */
@Component
class JobRecorder {

    static final int MAX_ERROR = 8 * 1024;
    private static final int MAX_ERROR_TYPE = 200;
    private static final int MAX_TRACEBACK = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(JobRecorder.class);

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final GroupCommit groupCommit;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final long maxResultSize;

    JobRecorder(JobRepository jobs, ArtifactStore artifacts, @ChapkitJson JsonMapper json, GroupCommit groupCommit,
                JobEvents events, JobMetrics metrics, ChapkitProperties properties) {
        this.events = events;
        this.metrics = metrics;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.json = json;
        this.groupCommit = groupCommit;
        this.maxResultSize = properties.artifacts().maxSize().toBytes();
    }

    /** The level-0 result artifact's data: {@code {"task_name", "params", "result", "error"}}. */
    ObjectNode resultData(String taskName, JsonNode params, @Nullable JsonNode result, @Nullable String error) {
        ObjectNode data = json.createObjectNode();
        data.put("task_name", taskName);
        data.set("params", params);
        data.set("result", result);
        data.put("error", error);
        return data;
    }

    /**
     * Records the outcome; returns whether it was recorded (false: the job had moved on). Throws what the store
     * threw; a failure other than the store's being unavailable is recorded as the job's failure instead.
     *
     * @param startedAt when the job started, or when it was canceled before it started
     */
    boolean record(Job job, Instant startedAt, JobOutcome outcome) {
        JobOutcome ending = fitted(outcome);
        ArtifactStore.Result result;
        try {
            result = result(job, ending);
            long size = result.size() > maxResultSize ? resultSize(ending, result) : 0; // the artifact also holds the params
            if (size > maxResultSize) {
                ending = JobOutcome.failed("ResultTooLarge", "the task's result takes " + size
                        + " bytes; chapkit.artifacts.max-size allows " + maxResultSize);
                result = result(job, ending);
            }
        } catch (NotFiniteException e) {
            ending = fitted(JobOutcome.failed("ResultNotFinite", "the task's result holds NaN or infinity at " + e.path
                    + ", which JSON cannot carry"));
            result = result(job, ending);
        } catch (JacksonException | UncheckedIOException e) {
            ending = fitted(JobOutcome.failed("ResultNotStorable", "the task's result could not be stored: " + e.getMessage()));
            result = result(job, ending);
        }
        Instant now = Times.now();
        boolean recorded;
        try {
            recorded = write(job, ending, result, now);
        } catch (RuntimeException e) {
            if (StoreFaults.isUnavailable(e) || ending.status() != JobStatus.COMPLETED) {
                throw e;
            }
            log.warn("Job {}: its result could not be stored ({}); recording the job failed", job.id(), LogText.escape(e));
            ending = fitted(JobOutcome.failed("ResultNotStorable", "the task's result could not be stored: " + e.getMessage()));
            recorded = write(job, ending, result(job, ending), now);
        }
        if (recorded) {
            log(job, ending, now);
            events.changed(job.id());
            metrics.finished(job.taskName(), ending.status(), startedAt, now);
        }
        return recorded;
    }

    /**
     * Records a failed attempt of a job that runs again at {@code at}: back to {@code pending}, the failure kept in
     * its error fields. False when the job had moved on meanwhile, or its cancel was asked for: then its end is
     * recorded as usual.
     */
    boolean recordRetry(Job job, JobOutcome failure, Instant at) {
        JobOutcome kept = fitted(failure);
        boolean recorded = groupCommit.run(() -> jobs.retryLater(job.id(), at, kept.error(), kept.errorType(), kept.traceback()));
        if (recorded) {
            log.info("Job {} (task '{}') failed attempt {} of {} ({}); attempt {} starts at {}", job.id(), job.taskName(),
                    job.attempt(), job.maxAttempts(), LogText.escape(kept.error()), job.attempt() + 1, at);
            events.changed(job.id());
        }
        return recorded;
    }

    private boolean write(Job job, JobOutcome ending, ArtifactStore.Result result, Instant now) {
        return groupCommit.run(() -> {
            if (!jobs.finish(job.id(), ending.status(), now, ending.error(), ending.errorType(), ending.traceback())) {
                return false; // moved on meanwhile (canceled, deleted): its end wrote the artifact, if anyone did
            }
            artifacts.writeResult(job.artifactId(), result, now);
            return true;
        });
    }

    /** @throws NotFiniteException when a completed job's result holds NaN or infinity */
    private ArtifactStore.Result result(Job job, JobOutcome ending) {
        ArtifactContent content = ending.status() == JobStatus.COMPLETED ? content(ending.result()) : null;
        JsonNode value = ending.status() == JobStatus.COMPLETED && content == null ? json.valueToTree(ending.result()) : null;
        if (value != null) {
            requireFinite("result", value);
        }
        return artifacts.result(resultData(job.taskName(), job.params(), value, ending.error()), content);
    }

    /** JSON has no NaN or infinity; Jackson would write them as the strings "NaN" and "Infinity", which no client expects. */
    private static void requireFinite(String path, JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new NotFiniteException(path);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireFinite(path + "[" + i + "]", node.get(i));
            }
        } else if (node.isObject()) {
            node.properties().forEach(property -> requireFinite(path + "." + property.getKey(), property.getValue()));
        }
    }

    /** A result that holds NaN or infinity at {@code path}. */
    private static final class NotFiniteException extends RuntimeException {

        private final String path;

        NotFiniteException(String path) {
            super(path, null, false, false);
            this.path = path;
        }
    }

    /** The size of what the task returned: its raw content, or its result as JSON. */
    private long resultSize(JobOutcome ending, ArtifactStore.Result result) {
        return result.content() != null ? result.content().bytes().length : json.writeValueAsBytes(ending.result()).length;
    }

    /** The outcome's texts as the store takes them: no NUL, bounded lengths. */
    private static JobOutcome fitted(JobOutcome outcome) {
        return new JobOutcome(outcome.status(), outcome.result(), StoreText.clip(outcome.error(), MAX_ERROR),
                StoreText.clip(outcome.errorType(), MAX_ERROR_TYPE), StoreText.clip(outcome.traceback(), MAX_TRACEBACK));
    }

    private static void log(Job job, JobOutcome outcome, Instant now) {
        long millis = Duration.between(job.submittedAt(), now).toMillis();
        switch (outcome.status()) {
            case FAILED -> log.warn("Job {} (task '{}') failed after {} ms: {}", job.id(), job.taskName(), millis,
                    LogText.escape(outcome.error()));
            case CANCELED -> log.info("Job {} (task '{}') canceled after {} ms", job.id(), job.taskName(), millis);
            default -> log.debug("Job {} (task '{}') completed in {} ms", job.id(), job.taskName(), millis);
        }
    }

    private static @Nullable ArtifactContent content(@Nullable Object result) {
        if (result instanceof byte[] bytes) {
            return new ArtifactContent(MediaType.APPLICATION_OCTET_STREAM_VALUE, bytes);
        }
        if (result instanceof Resource resource) {
            try {
                String type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM).toString();
                return new ArtifactContent(type, resource.getContentAsByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }
}
