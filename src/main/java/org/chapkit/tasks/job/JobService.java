package org.chapkit.tasks.job;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Times;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.chapkit.tasks.artifact.Artifact;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.IdempotencyKeyReusedException;
import org.chapkit.tasks.task.JobSubmitter;
import org.chapkit.tasks.task.QueueFullException;
import org.chapkit.tasks.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Jobs: accept, find, list, wait for, cancel, delete. */
@Service
class JobService implements JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final IdempotencyRepository idempotency;
    private final JobEngine engine;
    private final JobRunner runner;
    private final JobRecorder recorder;
    private final JobWriter writer;
    private final JobWatch watch;
    private final JobCounts counts;
    private final JobMetrics metrics;
    private final JsonMapper json;
    private final TaskRegistry registry;
    private final ChapkitProperties.Jobs config;

    JobService(JobRepository jobs, ArtifactStore artifacts, IdempotencyRepository idempotency, JobEngine engine,
               JobRunner runner, JobRecorder recorder, JobWriter writer, JobWatch watch, JobCounts counts, JobMetrics metrics,
               @ChapkitJson JsonMapper json, TaskRegistry registry, ChapkitProperties properties) {
        this.registry = registry;
        this.writer = writer;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.idempotency = idempotency;
        this.engine = engine;
        this.runner = runner;
        this.recorder = recorder;
        this.watch = watch;
        this.counts = counts;
        this.metrics = metrics;
        this.json = json;
        this.config = properties.jobs();
    }

    /**
     * Writes the job row, the engine's execution and the idempotency key in one transaction (shared with the
     * submits that arrive meanwhile, see {@link JobWriter}), then nudges the engine. When this returns, the job
     * is durably recorded; its result artifact is written when it ends.
     */
    @Override
    public SubmittedJob submit(BoundCall call, @Nullable String idempotencyKey, @Nullable Instant runAt) {
        return submit(call, idempotencyKey, runAt, null);
    }

    private SubmittedJob submit(BoundCall call, @Nullable String idempotencyKey, @Nullable Instant runAt,
                                @Nullable String rerunOf) {
        String taskName = call.task().name();
        ObjectNode params = call.params();
        String fingerprint = idempotencyKey == null ? null : idempotency.fingerprint(taskName, params);
        Instant now = Times.now();
        if (idempotencyKey != null) {
            Optional<SubmittedJob> replay = replay(idempotencyKey, fingerprint, now);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        long pending = counts.pendingIfAtLeast(config.maxPending());
        if (pending >= 0) {
            throw new QueueFullException(pending, config.maxPending(), 1);
        }
        String jobId = Ulids.at(now); // made at submitted_at: the purge reads ids up to its cutoff (JobRepository)
        String artifactId = Ulids.next();
        try {
            writer.write(new JobWriter.NewJob(jobId, artifactId, taskName, params, now, idempotencyKey, fingerprint, runAt, rerunOf,
                    call.task().retry().maxAttempts()));
        } catch (DataAccessException e) {
            // Another request with the same key committed first: answer with its job.
            if (idempotencyKey != null) {
                Optional<SubmittedJob> replay = replay(idempotencyKey, fingerprint, now);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
        counts.accepted();
        metrics.submitted(taskName);
        if (runAt == null) {
            log.debug("Job {} accepted for task '{}'", jobId, taskName);
        } else {
            log.info("Job {} accepted for task '{}', to start at {}", jobId, taskName, runAt);
        }
        return new SubmittedJob(jobId, artifactId);
    }

    private Optional<SubmittedJob> replay(String key, @Nullable String fingerprint, Instant now) {
        return idempotency.find(key, now.minus(config.idempotencyTtl())).map(first -> {
            if (!first.fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReusedException(key, first.jobId());
            }
            return new SubmittedJob(first.jobId(), first.artifactId(), true);
        });
    }

    @Override
    public CompletableFuture<Optional<Object>> whenFinished(String jobId, Duration max) {
        return watch.whenFinished(jobId, max).thenApply(finished -> finished.map(this::withResult));
    }

    /** The job's JSON with its {@code result} inline, as {@code Prefer: wait} answers it. */
    private Object withResult(Job job) {
        return new JobWithResult(job, artifacts.find(job.artifactId()).map(Artifact::data).map(data -> data.get("result")).orElse(null));
    }

    Job get(String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    Page<Job> list(@Nullable JobStatus status, @Nullable String taskName, PageRequest page) {
        return jobs.list(status, taskName, page);
    }

    /** A pending job is canceled at once; a running one is asked to stop, here or on the node that runs it. */
    Job cancel(String id) {
        Job job = get(id);
        if (job.status().isFinished()) {
            throw new JobFinishedException(id, job.status());
        }
        cancel(job, CANCEL_WAIT);
        Job now = get(id);
        if (now.status() == JobStatus.COMPLETED || now.status() == JobStatus.FAILED) {
            throw new JobFinishedException(id, now.status()); // it ended on its own while we asked
        }
        return now;
    }

    /**
     * A new job of the same task with the same params, checked again as {@code $execute} checks them: the task may
     * have changed, or been disabled, since.
     */
    Job rerun(String id) {
        Job first = get(id);
        BoundCall call = registry.call(first.taskName(), first.params() instanceof ObjectNode params ? params : null);
        SubmittedJob job = submit(call, null, null, first.id());
        log.info("Job {} accepted for task '{}', a rerun of job {}", job.jobId(), first.taskName(), first.id());
        return get(job.jobId());
    }

    /**
     * Cancels every job with one of {@code statuses} (of one task, unless null); returns how many it canceled or
     * asked to stop. A running job is asked as {@link #cancel} asks it, without waiting for its end.
     */
    int cancelAll(Set<JobStatus> statuses, @Nullable String taskName) {
        int canceled = 0;
        for (String id : jobs.unfinished(statuses, taskName)) {
            Optional<Job> job = jobs.find(id);
            if (job.isPresent() && cancel(job.get(), Duration.ZERO)) {
                canceled++;
            }
        }
        log.info("{} job(s) canceled at once{}", canceled, taskName == null ? "" : " of task '" + taskName + "'");
        return canceled;
    }

    /**
     * Cancels a pending job at once and asks a running one to stop, waiting up to {@code wait} for its end when it
     * runs here; on another node, that node sees the request within a second. False when it had ended already.
     */
    private boolean cancel(Job job, Duration wait) {
        String id = job.id();
        if (job.status() == JobStatus.PENDING && recorder.record(job, Times.now(), JobOutcome.canceled())) {
            if (!engine.unschedule(id)) {
                // already picked: its runner may have started it since we read it
                runner.cancelLocal(id, wait);
            }
            log.info("Job {} canceled before it started", id);
            return true;
        }
        if (jobs.requestCancel(id)) {
            runner.cancelLocal(id, wait);
            return true;
        }
        return false;
    }

    /** Deletes the job, canceling it first if it has not ended; its artifacts stay. */
    void delete(String id) {
        Job job = get(id);
        if (!job.status().isFinished()) {
            try {
                cancel(id);
            } catch (JobFinishedException endedMeanwhile) {
                // it ended on its own since we read it: nothing left to cancel, and it is deleted as any ended job
            }
        }
        jobs.delete(id);
        engine.unschedule(id);
    }

    /** Streams the job's changes into the response; a missing job is a 404 before any stream exists. */
    void stream(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        watch.stream(get(id), request, response);
    }
}
