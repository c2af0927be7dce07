package org.chapkit.tasks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code chapkit.*}.
 *
 * @param dataDir  where the embedded store keeps its file, chapkit.db (unless spring.datasource.url names a database)
 * @param tasks    the task registry
 * @param examples the demo tasks
 * @param web      HTTP limits
 * @param jobs     running jobs: concurrency, timeouts, retention, crash handling
 * @param store     the store under the jobs
 * @param artifacts stored results
 */
@ConfigurationProperties("chapkit")
@Validated
public record ChapkitProperties(@DefaultValue("./data") @NotNull Path dataDir, @DefaultValue @Valid Tasks tasks,
                                @DefaultValue @Valid Examples examples, @DefaultValue @Valid Web web,
                                @DefaultValue @Valid Jobs jobs, @DefaultValue @Valid Store store,
                                @DefaultValue @Valid Artifacts artifacts) {

    /**
     * The store under the jobs.
     *
     * @param busyTimeout   embedded store: how long a write waits for another writer before it fails (503)
     * @param probeInterval how often the store's health is probed with a small write; readiness is DOWN from the
     *                      first failure that says the store is unavailable until a probe succeeds
     */
    public record Store(@DefaultValue("3s") @NotNull Duration busyTimeout,
                       @DefaultValue("1s") @NotNull Duration probeInterval) {
    }

    /**
     * Stored results.
     *
     * @param maxSize the largest result a job may store; a larger one fails the job with error_type ResultTooLarge
     */
    public record Artifacts(@DefaultValue("16MB") @NotNull DataSize maxSize) {
    }

    /**
     * The task registry.
     *
     * @param disabled names of tasks that are listed but refuse to run (409 task-disabled)
     */
    public record Tasks(@DefaultValue List<String> disabled) {
    }

    /**
     * The demo tasks in {@code org.chapkit.tasks.example}.
     *
     * @param enabled whether they are registered: off in an application that uses the library, on in the bundled service
     */
    public record Examples(@DefaultValue("false") boolean enabled) {
    }

    /**
     * HTTP limits.
     *
     * @param maxBodySize the largest request body accepted; a larger one is refused with 413
     * @param maxStreams  how many job event streams ($stream) this node keeps open at once; one more is refused
     *                    with 429 too-many-watchers
     * @param maxWaits    how many "Prefer: wait" requests this node holds open at once; one more is answered at
     *                    once, with the 202 and the job's id
     */
    public record Web(@DefaultValue("1MB") @NotNull DataSize maxBodySize,
                      @DefaultValue("1000") @Min(0) int maxStreams,
                      @DefaultValue("1000") @Min(0) int maxWaits) {
    }

    /**
     * Running jobs.
     *
     * @param maxConcurrency    how many jobs run at once on this node (the engine's worker threads)
     * @param defaultTimeout    how long a job may run unless its task says otherwise; then it ends failed
     *                          with error_type TimeoutException
     * @param retention         finished jobs older than this are purged
     * @param purgeArtifacts    whether purging a job also deletes its artifacts (by default they are kept)
     * @param purgeInterval     how often the purge runs
     * @param includeTraceback  whether a failed job records the task's stack trace in error_traceback
     * @param heartbeatInterval how often a node marks the jobs it runs as alive
     * @param missedHeartbeats  after this many missed heartbeats a running job counts as crashed and the
     *                          crash policy applies (re-run if its task has retryOnCrash, else failed);
     *                          at least 4, db-scheduler's minimum
     * @param maxCrashRetries   how many times a crashed job is re-run before it is marked failed
     * @param pollingInterval   how often the engine looks for due jobs it was not told about (other nodes',
     *                          retries); jobs accepted on this node start at once regardless
     * @param shutdownGrace     on shutdown, how long running jobs may go on before they are left to the
     *                          crash policy of the next start
     * @param maxPending        when this many jobs wait to start, $execute answers 429 queue-full until the
     *                          queue drains
     * @param maxWait           the longest "Prefer: wait=N" honoured; a larger N is cut to this
     * @param idempotencyTtl    how long an Idempotency-Key is remembered
     * @param streamTimeout     the longest a $stream stays open
     */
    public record Jobs(@DefaultValue("16") @Min(1) @Max(1000) int maxConcurrency,
                       @DefaultValue("6h") @NotNull Duration defaultTimeout,
                       @DefaultValue("7d") @NotNull Duration retention,
                       @DefaultValue("false") boolean purgeArtifacts,
                       @DefaultValue("1h") @NotNull Duration purgeInterval,
                       @DefaultValue("true") boolean includeTraceback,
                       @DefaultValue("2s") @NotNull Duration heartbeatInterval,
                       @DefaultValue("5") @Min(4) int missedHeartbeats,
                       @DefaultValue("3") @Min(0) int maxCrashRetries,
                       @DefaultValue("2s") @NotNull Duration pollingInterval,
                       @DefaultValue("30s") @NotNull Duration shutdownGrace,
                       @DefaultValue("10000") @Min(1) int maxPending,
                       @DefaultValue("60s") @NotNull Duration maxWait,
                       @DefaultValue("24h") @NotNull Duration idempotencyTtl,
                       @DefaultValue("1h") @NotNull Duration streamTimeout) {
    }
}
