package org.chapkit.tasks.job;

import java.time.Instant;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes accepted jobs: the job row, its engine execution and its idempotency key, in a transaction shared with
 * the submits that arrive meanwhile ({@link GroupCommit}). A 202 still means the job is on disk; N concurrent
 * submits cost one commit. The job's result artifact is written at its end ({@link JobRecorder}), or at its
 * task's first child artifact ({@link JobTaskContext}).
 */
@Component
class JobWriter {

    /** A job to write: its row, its engine execution and its idempotency key. */
    record NewJob(String jobId, String artifactId, String taskName, ObjectNode params, Instant now,
                  @Nullable String idempotencyKey, @Nullable String fingerprint, @Nullable Instant runAt,
                  @Nullable String rerunOf, int maxAttempts) {
    }

    private final JobRepository jobs;
    private final IdempotencyRepository idempotency;
    private final JobEngine engine;
    private final GroupCommit groupCommit;
    private final JsonMapper json;
    private final ChapkitProperties.Jobs config;

    JobWriter(JobRepository jobs, IdempotencyRepository idempotency, JobEngine engine, GroupCommit groupCommit,
              @ChapkitJson JsonMapper json, ChapkitProperties properties) {
        this.jobs = jobs;
        this.idempotency = idempotency;
        this.engine = engine;
        this.groupCommit = groupCommit;
        this.json = json;
        this.config = properties.jobs();
    }

    /** Returns once the job is committed; throws what writing it threw. */
    void write(NewJob job) {
        groupCommit.run(() -> {
            insert(job);
            return null;
        });
        engine.nudge();
    }

    private void insert(NewJob job) {
        if (job.idempotencyKey() != null && job.fingerprint() != null) {
            idempotency.insert(job.idempotencyKey(), job.fingerprint(), job.jobId(), job.artifactId(), job.now(),
                    job.now().minus(config.idempotencyTtl()));
        }
        jobs.insert(job.jobId(), job.taskName(), json.writeValueAsString(job.params()), job.artifactId(), job.now(),
                job.runAt(), job.rerunOf(), job.maxAttempts());
        if (job.runAt() == null) {
            engine.scheduleAtCommit(job.jobId());
        } else {
            engine.schedule(job.jobId(), job.runAt());
        }
    }
}
