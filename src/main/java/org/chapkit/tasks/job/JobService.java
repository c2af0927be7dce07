package org.chapkit.tasks.job;

import java.time.Instant;

import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.JobSubmitter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Jobs: accept, find, list, cancel, delete. */
@Service
class JobService implements JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final java.time.Duration CANCEL_WAIT = java.time.Duration.ofSeconds(2);

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final JobEngine engine;
    private final JobRunner runner;
    private final JobRecorder recorder;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    JobService(JobRepository jobs, ArtifactStore artifacts, JobEngine engine, JobRunner runner, JobRecorder recorder,
               TransactionTemplate transaction, JsonMapper json) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.engine = engine;
        this.runner = runner;
        this.recorder = recorder;
        this.transaction = transaction;
        this.json = json;
    }

    /**
     * Writes the job row, its result artifact and the engine's execution in one transaction, then nudges the
     * engine. When this returns, the job is durably recorded.
     */
    @Override
    public SubmittedJob submit(BoundCall call) {
        String jobId = Ulids.next();
        String artifactId = Ulids.next();
        String taskName = call.task().name();
        ObjectNode params = call.params();
        Instant now = Instant.now();
        transaction.executeWithoutResult(status -> {
            jobs.insert(jobId, taskName, json.writeValueAsString(params), artifactId, now);
            artifacts.createResult(artifactId, recorder.resultData(taskName, params, null, null), now);
            engine.schedule(jobId);
        });
        engine.nudge();
        log.debug("Job {} accepted for task '{}'", jobId, taskName);
        return new SubmittedJob(jobId, artifactId);
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
        if (job.status() == JobStatus.PENDING && recorder.record(job, JobOutcome.canceled())) {
            engine.unschedule(id);
            log.info("Job {} canceled before it started", id);
        } else if (jobs.requestCancel(id)) {
            // Here, the answer waits (briefly) for the end; on another node, that node sees the request within a second.
            runner.cancelLocal(id, CANCEL_WAIT);
        }
        Job now = get(id);
        if (now.status() == JobStatus.COMPLETED || now.status() == JobStatus.FAILED) {
            throw new JobFinishedException(id, now.status()); // it ended on its own while we asked
        }
        return now;
    }

    /** Deletes the job, canceling it first if it has not ended; its artifacts stay. */
    void delete(String id) {
        Job job = get(id);
        if (!job.status().isFinished()) {
            cancel(id);
        }
        jobs.delete(id);
        engine.unschedule(id);
    }
}
