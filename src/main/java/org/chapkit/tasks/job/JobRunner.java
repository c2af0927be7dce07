package org.chapkit.tasks.job;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreHealth;
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
import org.springframework.beans.factory.ObjectProvider;
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
 *
 * <p>A job that ends while the store is unavailable keeps its outcome here and records it once the store is back,
 * so that an outage is neither a crash nor a reason to run the job again.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final long REMOTE_CANCEL_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration FIRST_RECORD_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RECORD_RETRY = Duration.ofSeconds(5);
    /** Failures that another attempt cannot mend: the task is gone, or no longer takes the params. */
    private static final Duration SLOT_RECHECK_NEXT = Duration.ofMillis(500);
    private static final Duration SLOT_RECHECK_BEHIND = Duration.ofSeconds(10);
    private static final java.util.Set<String> NOT_RETRIED = java.util.Set.of("TaskNotFoundException", "InvalidParamsException");

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final TaskRegistry registry;
    private final ParamBinder binder;
    private final JobRecorder recorder;
    private final GroupCommit groupCommit;
    private final StoreHealth storeHealth;
    private final JsonMapper json;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final ChapkitProperties.Jobs config;
    private final boolean includeTraceback;
    private final SimpleAsyncTaskExecutor taskThreads;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** The engine runs this runner, so it is looked up when it is needed rather than injected. */
    private final ObjectProvider<JobEngine> engine;

    JobRunner(JobRepository jobs, ArtifactStore artifacts, TaskRegistry registry, ParamBinder binder, JobRecorder recorder,
              GroupCommit groupCommit, StoreHealth storeHealth, @ChapkitJson JsonMapper json, JobEvents events, JobMetrics metrics,
              ChapkitProperties properties, Environment environment, ObjectProvider<JobEngine> engine) {
        this.engine = engine;
        this.events = events;
        this.metrics = metrics;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.registry = registry;
        this.binder = binder;
        this.recorder = recorder;
        this.groupCommit = groupCommit;
        this.storeHealth = storeHealth;
        this.json = json;
        this.config = properties.jobs();
        this.includeTraceback = properties.includeTraceback();
        this.taskThreads = new SimpleAsyncTaskExecutor("chapkit-task-");
        this.taskThreads.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
        this.taskThreads.setDaemon(true);
    }

    /** Runs the job with this id, if it is still to be run. */
    void run(String jobId) {
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
        int limit = task == null ? 0 : task.maxConcurrency();
        if (job.status() == JobStatus.RUNNING) {
            boolean again = retryAfterCrash(job, task);
            if (limit > 0) {
                wakeWaiting(job.taskName(), limit); // the slot it held is free, or it waits for one again
            }
            if (!again) {
                return;
            }
        }
        Running entry = new Running(new JobTaskContext(jobId, job.taskName(), job.attempt(), job.artifactId(),
                () -> recorder.resultData(job.taskName(), job.params(), null, null), jobs, artifacts, json, events, storeHealth));
        if (running.putIfAbsent(jobId, entry) != null) {
            return;
        }
        MDC.put("job_id", jobId);
        boolean started = false;
        try {
            Instant startedAt = Times.now();
            Start start = limit > 0 ? startWithinLimit(job, limit, startedAt)
                    : groupCommit.run(() -> jobs.start(jobId, startedAt)) ? Start.STARTED : Start.GONE;
            if (start == Start.GONE) {
                return; // canceled or deleted before it started
            }
            if (start == Start.NO_SLOT) {
                throw new RetryLaterException(jobId, Times.now().plus(slotRecheck(job)));
            }
            started = true;
            events.changed(jobId);
            metrics.started(job.submittedAt(), startedAt);
            log.debug("Job {} started: task '{}'", jobId, job.taskName());
            JobOutcome outcome = execute(job, task, entry);
            Instant retryAt = retryAt(job, task, outcome);
            if (retryAt != null && whenStoreTakesIt(job, outcome, () -> recorder.recordRetry(job, outcome, retryAt))) {
                throw new RetryLaterException(jobId, retryAt); // the engine runs the execution again then
            }
            recordEnd(job, startedAt, outcome);
        } finally {
            running.remove(jobId);
            entry.recorded.countDown();
            MDC.remove("job_id");
            if (started && limit > 0) {
                wakeWaiting(job.taskName(), limit);
            }
        }
    }

    private enum Start { STARTED, NO_SLOT, GONE }

    /** Starts a job of a task with a concurrency limit if a slot is free to it; else marks it as waiting for one. */
    private Start startWithinLimit(Job job, int limit, Instant now) {
        return groupCommit.run(() -> {
            if (jobs.startWithinLimit(job.id(), job.taskName(), limit, now)) {
                return Start.STARTED;
            }
            return jobs.waitForSlot(job.id()) ? Start.NO_SLOT : Start.GONE;
        });
    }

    /**
     * When a job waiting for a slot looks again by itself. A running job's end wakes the longest waiting at once;
     * this is the safety net for a wake that came while the job was still being put back (or a node that died),
     * often for the jobs next in line and seldom for the ones behind them.
     */
    private Duration slotRecheck(Job job) {
        int ahead = jobs.waitingBefore(job.id(), job.taskName());
        TaskDefinition task = registry.get(job.taskName()).orElse(null);
        int limit = task == null ? 1 : Math.max(1, task.maxConcurrency());
        return ahead < limit ? SLOT_RECHECK_NEXT : SLOT_RECHECK_BEHIND;
    }

    /** Wakes the jobs of the task that have waited for a slot longest, as many as it has slots. */
    private void wakeWaiting(String taskName, int limit) {
        try {
            List<String> waiting = jobs.longestWaiting(taskName, limit);
            JobEngine engine = this.engine.getObject();
            waiting.forEach(engine::runNow);
            if (!waiting.isEmpty()) {
                engine.nudge();
            }
        } catch (RuntimeException e) {
            // the waiting jobs look again by themselves (slotRecheck)
            log.debug("Could not wake the jobs of task '{}' waiting for a slot: {}", taskName, e.toString());
        }
    }

    /** Whether this node is running the job (or holding its end until the store takes it). */
    boolean isRunningHere(String jobId) {
        return running.containsKey(jobId);
    }

    /**
     * When a failed job runs again, or null when it does not: it failed in its task (not in binding), and has
     * attempts left.
     */
    private static @Nullable Instant retryAt(Job job, @Nullable TaskDefinition task, JobOutcome outcome) {
        if (task == null || outcome.status() != JobStatus.FAILED || job.attempt() >= job.maxAttempts()
                || NOT_RETRIED.contains(outcome.errorType())) {
            return null;
        }
        return Times.now().plus(task.retry().delayAfter(job.attempt()));
    }

    /** Records the end, waiting out an outage of the store: the outcome is known and must not be lost. */
    private void recordEnd(Job job, Instant startedAt, JobOutcome outcome) {
        whenStoreTakesIt(job, outcome, () -> recorder.record(job, startedAt, outcome));
    }

    /** Writes what {@code write} writes, waiting out an outage of the store; returns what it returned. */
    private boolean whenStoreTakesIt(Job job, JobOutcome outcome, java.util.function.BooleanSupplier write) {
        Duration pause = FIRST_RECORD_RETRY;
        boolean said = false;
        while (true) {
            try {
                boolean written = write.getAsBoolean();
                if (said) {
                    log.info("Job {} ({}) recorded now that the store is back", job.id(), outcome.status().value());
                }
                return written;
            } catch (RuntimeException e) {
                if (!storeHealth.failed(e)) {
                    throw e;
                }
                if (!said) {
                    log.warn("Job {} ended ({}) while the store is unavailable; its end is recorded once the store is back",
                            job.id(), outcome.status().value());
                    said = true;
                }
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShutdownInterruptedException(job.id());
            }
            pause = pause.multipliedBy(2).compareTo(LAST_RECORD_RETRY) > 0 ? LAST_RECORD_RETRY : pause.multipliedBy(2);
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

    private JobOutcome execute(Job job, @Nullable TaskDefinition task, Running entry) {
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
        return await(job.id(), task.timeout().orElse(config.defaultTimeout()), context, future);
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

    private JobOutcome await(String jobId, Duration timeout, JobTaskContext context, Future<Object> future) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextRemoteCheck = System.nanoTime() + REMOTE_CANCEL_CHECK_NANOS;
        while (true) {
            long now = System.nanoTime();
            long next = Math.min(deadline, nextRemoteCheck);
            try {
                return JobOutcome.completed(future.get(Math.max(0, next - now), TimeUnit.NANOSECONDS));
            } catch (CancellationException e) {
                return JobOutcome.canceled();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                boolean canceled = context.isCancelled() || cause instanceof TaskCancelledException;
                return canceled ? JobOutcome.canceled() : JobOutcome.failed(cause, includeTraceback);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new ShutdownInterruptedException(jobId);
            } catch (TimeoutException e) {
                now = System.nanoTime();
                if (now - deadline >= 0) {
                    context.cancel();
                    future.cancel(true);
                    return JobOutcome.failed(new TimeoutException("the task did not finish within " + timeout), false);
                }
                if (now - nextRemoteCheck >= 0) {
                    nextRemoteCheck = now + REMOTE_CANCEL_CHECK_NANOS;
                    if (cancelRequested(jobId)) {
                        context.cancel();
                        future.cancel(true);
                        return JobOutcome.canceled();
                    }
                }
            }
        }
    }

    /** Whether another node asked to cancel the job; while the store is unavailable, no one can have. */
    private boolean cancelRequested(String jobId) {
        try {
            return jobs.isCancelRequested(jobId);
        } catch (RuntimeException e) {
            if (storeHealth.failed(e)) {
                return false;
            }
            throw e;
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
        int restarts = job.crashRestarts();
        Instant startedAt = job.startedAt() != null ? job.startedAt() : Times.now();
        if (jobs.isCancelRequested(job.id())) {
            recorder.record(job, startedAt, JobOutcome.canceled());
            return false;
        }
        if (task != null && task.retryOnCrash() && restarts < config.maxCrashRetries() && jobs.retry(job.id())) {
            events.changed(job.id());
            log.warn("Job {} (task '{}') was cut off by a crash; running it again (restart {} of at most {})", job.id(),
                    job.taskName(), restarts + 1, config.maxCrashRetries());
            return true;
        }
        log.warn("Job {} (task '{}') was cut off by a crash; marking it failed", job.id(), job.taskName());
        recorder.record(job, startedAt, JobOutcome.failed("JobCrashed", "the service stopped while this job was running"
                + (task != null && task.retryOnCrash() ? " (" + restarts + " restarts after crashes before)" : "; its task does not allow a re-run")));
        return false;
    }
}
