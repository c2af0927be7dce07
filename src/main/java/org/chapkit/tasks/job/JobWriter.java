package org.chapkit.tasks.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes accepted jobs with group commit. A request queues its job and takes the writer's lock; whoever holds the
 * lock writes every job queued so far in one transaction, so the requests that arrive while a commit is under
 * way share the next one. Each request still returns only after the commit that holds its job, so a 202 still
 * means the job is on disk; but N concurrent requests cost one commit instead of N, and on H2 a commit is the
 * dearest part of accepting a job. No thread of its own: the requests take turns leading.
 *
 * <p>If a shared transaction fails (an idempotency key taken by a concurrent request, say), each of its jobs is
 * written again on its own, so one job's problem is only that job's.
 */
@Component
class JobWriter {

    /** A job to write: its row, its empty result artifact, its engine execution and its idempotency key. */
    record NewJob(String jobId, String artifactId, String taskName, ObjectNode params, Instant now,
                  @Nullable String idempotencyKey, @Nullable String fingerprint) {
    }

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final IdempotencyRepository idempotency;
    private final JobEngine engine;
    private final JobRecorder recorder;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final ChapkitProperties.Jobs config;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    JobWriter(JobRepository jobs, ArtifactStore artifacts, IdempotencyRepository idempotency, JobEngine engine,
              JobRecorder recorder, TransactionTemplate transaction, JsonMapper json, ChapkitProperties properties) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.idempotency = idempotency;
        this.engine = engine;
        this.recorder = recorder;
        this.transaction = transaction;
        this.json = json;
        this.config = properties.jobs();
    }

    /** Returns once the job is committed; throws what writing it threw. */
    void write(NewJob job) {
        Entry entry = new Entry(job);
        queue.add(entry);
        leader.lock();
        try {
            if (!entry.done) {
                List<Entry> batch = new ArrayList<>();
                for (Entry next; (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                writeBatch(batch);
            }
        } finally {
            leader.unlock();
        }
        if (entry.error != null) {
            throw entry.error;
        }
    }

    private void writeBatch(List<Entry> batch) {
        try {
            transaction.executeWithoutResult(status -> batch.forEach(entry -> insert(entry.job)));
            batch.forEach(entry -> entry.finish(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).finish(e);
            } else {
                for (Entry entry : batch) {
                    try {
                        transaction.executeWithoutResult(status -> insert(entry.job));
                        entry.finish(null);
                    } catch (RuntimeException alone) {
                        entry.finish(alone);
                    }
                }
            }
        }
        engine.nudge();
    }

    private void insert(NewJob job) {
        if (job.idempotencyKey() != null && job.fingerprint() != null) {
            idempotency.insert(job.idempotencyKey(), job.fingerprint(), job.jobId(), job.artifactId(), job.now(),
                    job.now().minus(config.idempotencyTtl()));
        }
        jobs.insert(job.jobId(), job.taskName(), json.writeValueAsString(job.params()), job.artifactId(), job.now());
        artifacts.createResult(job.artifactId(), recorder.resultData(job.taskName(), job.params(), null, null), job.now());
        engine.schedule(job.jobId());
    }

    /** A queued job; {@code done} and {@code error} are written and read under the writer's lock. */
    private static final class Entry {

        final NewJob job;
        boolean done;
        @Nullable RuntimeException error;

        Entry(NewJob job) {
            this.job = job;
        }

        void finish(@Nullable RuntimeException failure) {
            error = failure;
            done = true;
        }
    }
}
