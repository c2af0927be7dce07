package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
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
 *
 * <p>The commit does not wait for the disk ({@link GroupCommit#runDeferred}): the next store takes it there, and
 * the first read of the job or its result waits for that store, so no client is shown an end a crash could take
 * back. A crash before that store finds the job {@code running}, and its task's crash policy decides, as for a
 * crash a moment earlier.
 */
@Component
class JobRecorder {

    private static final Logger log = LoggerFactory.getLogger(JobRecorder.class);

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final GroupCommit groupCommit;
    private final JobEvents events;
    private final JobMetrics metrics;

    JobRecorder(JobRepository jobs, ArtifactStore artifacts, JsonMapper json, GroupCommit groupCommit,
                JobEvents events, JobMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.json = json;
        this.groupCommit = groupCommit;
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
     * Records the outcome; returns whether it was recorded.
     *
     * @param startedAt when the job started, or when it was canceled before it started
     */
    boolean record(Job job, Instant startedAt, JobOutcome outcome) {
        return record(job, startedAt, true, true, outcome);
    }

    /**
     * Records the outcome of a job whose start may not have been written ({@code startWritten} false, see
     * {@link JobRunner#run}): the same write then moves it from {@code pending} and sets its start.
     *
     * @param resultMayExist false where the job's result artifact is known not to exist (a first run whose task
     *                       saved no child artifact): it is then inserted without looking for it first
     */
    boolean record(Job job, Instant startedAt, boolean startWritten, boolean resultMayExist, JobOutcome outcome) {
        JobOutcome final_ = outcome;
        ArtifactContent content = null;
        JsonNode result = null;
        if (outcome.status() == JobStatus.COMPLETED) {
            try {
                content = content(outcome.result());
                result = content == null ? json.valueToTree(outcome.result()) : null;
            } catch (JacksonException | UncheckedIOException e) {
                final_ = JobOutcome.failed("ResultNotStorable", "the task's result could not be stored: " + e.getMessage());
            }
        }
        JobOutcome ending = final_;
        ArtifactContent stored = content;
        ObjectNode data = resultData(job.taskName(), job.params(), result, ending.error());
        Instant now = Times.now();
        boolean recorded = groupCommit.runDeferred(() -> {
            if (!jobs.finish(job.id(), ending.status(), startWritten ? null : startedAt, now, ending.error(), ending.errorType(),
                    ending.traceback())) {
                return false; // moved on meanwhile (canceled, deleted): its end wrote the artifact, if anyone did
            }
            if (resultMayExist) {
                artifacts.writeResult(job.artifactId(), data, stored, now);
            } else {
                artifacts.createResult(job.artifactId(), data, stored, now);
            }
            return true;
        });
        if (recorded) {
            log(job, ending, now);
            events.changed(job.id());
            metrics.finished(job.taskName(), ending.status(), startedAt, now);
        }
        return recorded;
    }

    private static void log(Job job, JobOutcome outcome, Instant now) {
        long millis = Duration.between(job.submittedAt(), now).toMillis();
        switch (outcome.status()) {
            case FAILED -> log.warn("Job {} (task '{}') failed after {} ms: {}", job.id(), job.taskName(), millis, outcome.error());
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
