package org.chapkit.tasks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
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
                                @DefaultValue @Valid Artifacts artifacts, @DefaultValue @Valid Security security) {

    /** Whether a failed job records its stack trace: as set, or by default only while no API key is configured. */
    public boolean includeTraceback() {
        Boolean set = jobs.includeTraceback();
        return set != null ? set : !security.hasKeys();
    }

    /**
     * Who may do what: API keys and their roles.
     *
     * @param apiKeys    the keys by name; none means the service is open to anyone who reaches it (a WARN says so)
     * @param docsPublic whether Swagger UI and /v3/api-docs are open without a key (otherwise they need the read role)
     */
    public record Security(@DefaultValue Map<String, @Valid ApiKey> apiKeys, @DefaultValue("true") boolean docsPublic) {

        /** Whether any key is configured: then every route but the health probes (and the docs) needs one. */
        public boolean hasKeys() {
            return !apiKeys.isEmpty();
        }

        /**
         * One API key. Give the key itself ({@code key}, for development) or its SHA-256 ({@code key-sha256}, 64 hex
         * digits, for production: {@code printf %s "$KEY" | sha256sum}), not both.
         *
         * @param key       the key itself
         * @param keySha256 the hex SHA-256 of the key
         * @param roles     any of read, run, admin (run includes read, admin includes both)
         */
        public record ApiKey(@Nullable String key, @Nullable String keySha256, @DefaultValue List<String> roles) {
        }
    }

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
     * @param includeTraceback  whether a failed job records the task's stack trace in error_traceback; unset: yes
     *                          when no API key is configured, no when keys are (only admin keys see it either way)
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
                       @Nullable Boolean includeTraceback,
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
