package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.SqliteJdbcCustomization;
import org.chapkit.tasks.store.StoreDialect;
import org.chapkit.tasks.store.StoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * db-scheduler, wired by hand over the service's DataSource: one {@code OneTimeTask} whose instance id is the job
 * id, immediate execution on, a worker per allowed concurrent job, and a recurring purge.
 *
 * <p>The scheduler sees the DataSource through a {@link TransactionAwareDataSourceProxy}, so scheduling joins the
 * transaction that writes the job row: nothing is scheduled that is not committed, and a rollback schedules
 * nothing. Its immediate trigger fires before that commit, so {@link #nudge()} is called after it.
 *
 * <p>A job's execution stays picked while the job runs; if the node dies, db-scheduler sees the missed
 * heartbeats and revives the execution, and {@link JobRunner} applies the crash policy to the job it finds
 * still {@code running}. Heartbeats missed while the store was unavailable are no sign of death: no execution
 * is revived until its node has had a whole dead-detection window, after the store's return, to heartbeat again.
 */
@Component
class JobEngine implements SmartLifecycle {

    static final String JOB_TASK = "chapkit-job";
    static final String PURGE_TASK = "chapkit-purge";

    private static final Logger log = LoggerFactory.getLogger(JobEngine.class);

    private final OneTimeTask<Void> jobTask;
    /** Where a transaction keeps the ids of the jobs it schedules at its commit. */
    private final Object scheduleBatchKey = new Object();
    private final AtomicInteger nudges = new AtomicInteger();
    /** Makes a scheduler: one for each start, as a stopped one cannot start again. */
    private final java.util.function.Supplier<Scheduler> schedulers;
    private volatile Scheduler scheduler;
    /** Whether {@link #scheduler} has been stopped, so that the next start needs a new one. */
    private boolean stopped;
    /** Writes the executions a transaction schedules, and tells no listener: the caller nudges after the commit. */
    private final SchedulerClient batchClient;
    private final String database;
    private volatile boolean running;

    JobEngine(DataSource dataSource, StoreDialect dialect, StoreHealth storeHealth, JobRunner runner, JobPurger purger,
              ChapkitProperties properties) {
        ChapkitProperties.Jobs config = properties.jobs();
        Duration deadAfter = config.heartbeatInterval().multipliedBy(config.missedHeartbeats());
        DeadExecutionHandler<Void> revive = new DeadExecutionHandler.ReviveDeadExecution<>();
        this.jobTask = Tasks.oneTime(JOB_TASK)
                .onDeadExecution((execution, operations) -> {
                    String jobId = execution.getExecution().taskInstance.getId();
                    // Its node could not heartbeat while the store was away: wait until it has had a full window to.
                    if (runner.isRunningHere(jobId) || storeHealth.isDown() || storeHealth.recoveredWithin(deadAfter)) {
                        return;
                    }
                    revive.deadExecution(execution, operations);
                })
                .onFailure((complete, operations) -> {
                    if (complete.getCause().filter(ShutdownInterruptedException.class::isInstance).isPresent()) {
                        return; // left picked: the next start revives it and the crash policy applies
                    }
                    if (complete.getCause().orElse(null) instanceof RetryLaterException retry) {
                        operations.reschedule(complete, retry.at()); // the job's next attempt
                        return;
                    }
                    log.warn("Job {} could not be recorded; trying again in 10 s", complete.getExecution().taskInstance.getId(),
                            complete.getCause().orElse(null));
                    operations.reschedule(complete, Times.now().plusSeconds(10));
                })
                .execute((instance, context) -> runner.run(instance.getId()));
        RecurringTask<Void> purge = Tasks.recurring(PURGE_TASK, FixedDelay.of(config.purgeInterval()))
                .execute((instance, context) -> purger.purge());
        this.database = dialect.name();
        DataSource engineDataSource = new TransactionAwareDataSourceProxy(dataSource);
        SchedulerClient.Builder batchClientBuilder = SchedulerClient.Builder.create(engineDataSource, List.of(jobTask));
        SchedulerBuilder builder = Scheduler.create(engineDataSource, List.of(jobTask))
                .startTasks(purge)
                .threads(config.maxConcurrency())
                .enableImmediateExecution()
                .pollingInterval(config.pollingInterval())
                .heartbeatInterval(config.heartbeatInterval())
                .missedHeartbeatsLimit(config.missedHeartbeats())
                .shutdownMaxWait(config.shutdownGrace())
                .failureLogging(LogLevel.DEBUG, false);
        if (dialect.isSqlite()) {
            builder.jdbcCustomization(new SqliteJdbcCustomization());
            batchClientBuilder.jdbcCustomization(new SqliteJdbcCustomization());
        } else {
            // Claim no more executions than there are workers: a claimed execution waiting in the executor's queue
            // gets no heartbeat, so it would look dead and be revived while it waits.
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        this.schedulers = builder::build;
        this.scheduler = schedulers.get();
        this.batchClient = batchClientBuilder.build();
    }

    /** Schedules the job to run now; joins the caller's transaction. */
    void schedule(String jobId) {
        schedule(jobId, Times.now());
    }

    /**
     * Moves the job's waiting execution to now and wakes the engine; false when the execution is being run or is
     * gone.
     */
    boolean runNow(String jobId) {
        try {
            scheduler.reschedule(TaskInstanceId.of(JOB_TASK, jobId), Times.now());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Schedules the job to run at {@code at}, or at once if that has passed; joins the caller's transaction. */
    void schedule(String jobId, Instant at) {
        scheduler.schedule(jobTask.instance(jobId), at);
    }

    /**
     * Schedules the job to run as the caller's transaction commits, together with every other job that
     * transaction schedules: one batch insert (no look-up first: a job id is new) instead of a look-up and an
     * insert per job. Outside a transaction, at once.
     *
     * <p>The batch is written by a client without the scheduler's listeners: its immediate-execution listener would
     * wake the engine once per job, before the commit, when the engine cannot see the jobs yet, and under load
     * those wake-ups contended for the engine's monitor (a tenth of the CPU samples of a burst of submits). The
     * caller calls {@link #nudge()} after the commit instead, which wakes it once for all of them.
     */
    void scheduleAtCommit(String jobId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            schedule(jobId);
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> batch = (List<String>) TransactionSynchronizationManager.getResource(scheduleBatchKey);
        if (batch == null) {
            List<String> jobIds = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(scheduleBatchKey, jobIds);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    batchClient.scheduleBatch(jobIds.stream().<TaskInstance<?>>map(jobTask::instance).toList(), Times.now());
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResource(scheduleBatchKey);
                }
            });
            batch = jobIds;
        }
        batch.add(jobId);
    }

    /**
     * Looks for due executions at once; call after the transaction that scheduled one has committed. Concurrent
     * calls are folded: one thread triggers the engine until no call has arrived since its last trigger, so every
     * call is followed by a trigger, and 16 submitting threads do not queue on the engine's monitor.
     */
    void nudge() {
        if (nudges.getAndIncrement() > 0) {
            return; // the thread triggering now triggers again for this call
        }
        int seen;
        do {
            seen = nudges.get();
            scheduler.triggerCheckForDueExecutions();
        } while (!nudges.compareAndSet(seen, 0));
    }

    /** Removes a job's execution if it has not been picked; returns whether one was removed. */
    boolean unschedule(String jobId) {
        try {
            scheduler.cancel(TaskInstanceId.of(JOB_TASK, jobId));
            return true;
        } catch (RuntimeException e) {
            return false; // already picked (the runner sees the canceled status) or already gone
        }
    }

    String database() {
        return database;
    }

    /** Starts the engine; after a stop (a context paused and resumed, as tests do) with a new scheduler. */
    @Override
    public synchronized void start() {
        if (stopped) {
            scheduler = schedulers.get();
            stopped = false;
        }
        scheduler.start();
        running = true;
        log.info("Job engine started on {}", database);
    }

    @Override
    public synchronized void stop() {
        running = false;
        scheduler.stop();
        stopped = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it, so no request finds the engine stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
