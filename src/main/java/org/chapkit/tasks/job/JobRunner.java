package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.config.CommitDurability;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.InvalidParamsException;
import org.chapkit.tasks.task.ParamBinder;
import org.chapkit.tasks.task.TaskCancelledException;
import org.chapkit.tasks.task.TaskDefinition;
import org.chapkit.tasks.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one job on an engine worker: {@code pending -> running}, the task on a thread of its own (virtual where
 * the JDK has them) so that the worker can stop waiting when the job is canceled or times out even if the task
 * ignores interrupts, then the outcome recorded by {@link JobRecorder}. A job found {@code running} when its
 * execution comes round again was cut off by a crash: its task's {@code retryOnCrash} decides.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final long REMOTE_CANCEL_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final TaskRegistry registry;
    private final ParamBinder binder;
    private final JobRecorder recorder;
    private final GroupCommit groupCommit;
    private final CommitDurability durability;
    private final JsonMapper json;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final ChapkitProperties.Jobs config;
    private final SimpleAsyncTaskExecutor taskThreads;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    JobRunner(JobRepository jobs, ArtifactStore artifacts, TaskRegistry registry, ParamBinder binder, JobRecorder recorder,
              GroupCommit groupCommit, CommitDurability durability, JsonMapper json, JobEvents events, JobMetrics metrics, ChapkitProperties properties, Environment environment) {
        this.events = events;
        this.metrics = metrics;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.registry = registry;
        this.binder = binder;
        this.recorder = recorder;
        this.groupCommit = groupCommit;
        this.durability = durability;
        this.json = json;
        this.config = properties.jobs();
        this.taskThreads = new SimpleAsyncTaskExecutor("chapkit-task-");
        this.taskThreads.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
        this.taskThreads.setDaemon(true);
    }

    /**
     * Runs the job with this id, if it is still to be run. Its reads here do not wait for the disk
     * ({@link CommitDurability#withoutReadWaits}): what they see is shown to no one until a later store, which
     * takes every commit they saw there first.
     *
     * <p>The job's start ({@code pending -> running}) waits for the disk before the task runs, so that a crash
     * finds the job {@code running} and the crash policy applies, except on the first run of a task that may run
     * again ({@code retryOnCrash}): there a crash before the next store finds the job {@code pending} and runs it
     * again, as the policy would have, without counting that attempt. Once the engine has revived the execution
     * ({@code revivals > 0}, db-scheduler's count of the execution's failed and dead runs), every start waits, and
     * stores the revival's count with it, so at most one run goes uncounted and the crash limit still holds.
     *
     * <p>On that first run of a re-runnable task the start is not even written until the task has run for
     * {@code chapkit.jobs.running-mark-delay} or writes progress or an artifact ({@link StartMark}): a task that
     * ends sooner is written once, {@code pending} to its end with its {@code started_at}, instead of twice. A
     * crash meanwhile finds it {@code pending}, as it would have found it with its start not yet stored.
     *
     * @param revivals how many times the engine ran this execution before without it ending
     */
    void run(String jobId, int revivals) {
        durability.withoutReadWaits(() -> {
            runOnce(jobId, revivals);
            return null;
        });
    }

    /** Whether a job's start must be on disk before its task runs; see {@link #run}. */
    static boolean startWaitsForDisk(@Nullable TaskDefinition task, int revivals) {
        return task == null || !task.retryOnCrash() || revivals > 0;
    }

    private void runOnce(String jobId, int revivals) {
        if (running.containsKey(jobId)) {
            log.warn("Job {} is already running on this node; a second execution of it is ignored", jobId);
            return;
        }
        Optional<Job> found = jobs.find(jobId);
        if (found.isEmpty() || found.get().status().isFinished()) {
            return;
        }
        Job job = found.get();
        TaskDefinition task = registry.get(job.taskName()).orElse(null);
        if (job.status() == JobStatus.RUNNING && !retryAfterCrash(job, task)) {
            return;
        }
        Instant startedAt = Times.now();
        StartMark start = new StartMark(jobId, startedAt);
        if (startWaitsForDisk(task, revivals) ? !start.writeAndWait() : config.runningMarkDelay().isZero() && !start.write()) {
            return;
        }
        metrics.started(job.submittedAt(), startedAt);
        Running entry = new Running(new JobTaskContext(jobId, job.taskName(), job.artifactId(),
                () -> recorder.resultData(job.taskName(), job.params(), null, null), jobs, artifacts, json, events, start::write));
        running.put(jobId, entry);
        MDC.put("job_id", jobId);
        try {
            log.debug("Job {} started: task '{}'", jobId, job.taskName());
            JobOutcome outcome = execute(job, task, entry, start);
            // revivals == 0: the engine never ran this job before, so only this run can have created its artifact
            recorder.record(job, startedAt, start.close(), revivals > 0 || entry.context.resultWrittenBeforeEnd(), outcome);
        } finally {
            running.remove(jobId);
            entry.recorded.countDown();
            MDC.remove("job_id");
        }
    }

    /**
     * Asks a job running on this node to stop, and waits up to {@code wait} until its end is recorded.
     *
     * @return whether the job runs on this node
     */
    boolean cancelLocal(String jobId, Duration wait) {
        Running entry = running.get(jobId);
        if (entry == null) {
            return false;
        }
        entry.cancel();
        try {
            entry.recorded.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    int runningHere() {
        return running.size();
    }

    private JobOutcome execute(Job job, @Nullable TaskDefinition task, Running entry, StartMark start) {
        if (task == null) {
            return JobOutcome.failed("TaskNotFoundException", "task '" + job.taskName() + "' is no longer registered");
        }
        BoundCall call;
        try {
            call = binder.bind(task, (ObjectNode) job.params());
        } catch (InvalidParamsException e) {
            return JobOutcome.failed("InvalidParamsException", e.getMessage());
        }
        JobTaskContext context = entry.context;
        Future<Object> future = taskThreads.submit(() -> callWithMdc(call, context));
        entry.future = future;
        if (context.isCancelled()) {
            future.cancel(true); // canceled between start and submit
        }
        return await(job.id(), task.timeout().orElse(config.defaultTimeout()), context, future, start);
    }

    private static Object callWithMdc(BoundCall call, JobTaskContext context) throws Exception {
        MDC.put("job_id", context.jobId());
        MDC.put("task_name", context.taskName());
        try {
            return call.call(context);
        } finally {
            MDC.remove("job_id");
            MDC.remove("task_name");
        }
    }

    private JobOutcome await(String jobId, Duration timeout, JobTaskContext context, Future<Object> future, StartMark start) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextRemoteCheck = System.nanoTime() + REMOTE_CANCEL_CHECK_NANOS;
        long markAt = System.nanoTime() + config.runningMarkDelay().toNanos();
        while (true) {
            long now = System.nanoTime();
            long next = Math.min(deadline, nextRemoteCheck);
            if (start.isPending()) {
                next = Math.min(next, markAt);
            }
            try {
                return JobOutcome.completed(future.get(Math.max(0, next - now), TimeUnit.NANOSECONDS));
            } catch (CancellationException e) {
                return JobOutcome.canceled();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                boolean canceled = context.isCancelled() || cause instanceof TaskCancelledException;
                return canceled ? JobOutcome.canceled() : JobOutcome.failed(cause, config.includeTraceback());
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new ShutdownInterruptedException(jobId);
            } catch (TimeoutException e) {
                now = System.nanoTime();
                if (start.isPending() && now - markAt >= 0 && !start.write()) {
                    context.cancel(); // the job moved on (canceled, deleted) before its start was written
                    future.cancel(true);
                    return JobOutcome.canceled();
                }
                if (now - deadline >= 0) {
                    context.cancel();
                    future.cancel(true);
                    return JobOutcome.failed(new TimeoutException("the task did not finish within " + timeout), false);
                }
                if (now - nextRemoteCheck >= 0) {
                    nextRemoteCheck = now + REMOTE_CANCEL_CHECK_NANOS;
                    if (jobs.isCancelRequested(jobId)) {
                        context.cancel();
                        future.cancel(true);
                        return JobOutcome.canceled();
                    }
                }
            }
        }
    }

    /**
     * The job's {@code pending -> running} write, made at most once: before the task runs where the start must
     * wait for the disk ({@link #writeAndWait}), otherwise when the task has run for the running-mark delay or
     * first writes progress or an artifact ({@link #write}, a deferred commit), or never, when the task ends first:
     * then the end's write sets {@code started_at} too ({@link #close}).
     */
    private final class StartMark {

        private final String jobId;
        private final Instant startedAt;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean pending = true;
        private boolean written;

        StartMark(String jobId, Instant startedAt) {
            this.jobId = jobId;
            this.startedAt = startedAt;
        }

        boolean isPending() {
            return pending;
        }

        /** Writes the start and waits for the disk; false if the job is no longer pending. */
        boolean writeAndWait() {
            return write(true);
        }

        /** Writes the start unless it is written or closed; whether it is written (false: the job moved on). */
        boolean write() {
            return write(false);
        }

        private boolean write(boolean durable) {
            lock.lock();
            try {
                if (pending) {
                    pending = false;
                    Supplier<Boolean> start = () -> jobs.start(jobId, startedAt);
                    written = durable ? groupCommit.run(start) : groupCommit.runDeferred(start);
                    if (written) {
                        events.changed(jobId);
                    }
                }
                return written;
            } finally {
                lock.unlock();
            }
        }

        /** No write after this; whether the start was written, so that the end's write knows whether to. */
        boolean close() {
            lock.lock();
            try {
                pending = false;
                return written;
            } finally {
                lock.unlock();
            }
        }
    }

    /** A job running on this node: its context, its task's future once submitted, and a latch for its end. */
    private static final class Running {

        final JobTaskContext context;
        final CountDownLatch recorded = new CountDownLatch(1);
        volatile @Nullable Future<?> future;

        Running(JobTaskContext context) {
            this.context = context;
        }

        void cancel() {
            context.cancel();
            Future<?> submitted = future;
            if (submitted != null) {
                submitted.cancel(true);
            }
        }
    }

    /** The crash policy: true when the job goes back to pending for another run. */
    private boolean retryAfterCrash(Job job, @Nullable TaskDefinition task) {
        int attempts = jobs.attempts(job.id());
        Instant startedAt = job.startedAt() != null ? job.startedAt() : Times.now();
        if (jobs.isCancelRequested(job.id())) {
            recorder.record(job, startedAt, JobOutcome.canceled());
            return false;
        }
        if (task != null && task.retryOnCrash() && attempts <= config.maxCrashRetries() && jobs.retry(job.id())) {
            events.changed(job.id());
            log.warn("Job {} (task '{}') was cut off by a crash; running it again (attempt {})", job.id(), job.taskName(), attempts + 1);
            return true;
        }
        log.warn("Job {} (task '{}') was cut off by a crash; marking it failed", job.id(), job.taskName());
        recorder.record(job, startedAt, JobOutcome.failed("JobCrashed", "the service stopped while this job was running"
                + (task != null && task.retryOnCrash() ? " (" + attempts + " attempts)" : "; its task does not allow a re-run")));
        return false;
    }
}
