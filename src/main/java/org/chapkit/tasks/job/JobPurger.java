package org.chapkit.tasks.job;

import org.chapkit.tasks.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes finished jobs older than {@code chapkit.jobs.retention}, in batches; their artifacts stay unless
 * configured. The pages they took are given back to the file system, so the store's size follows the retention.
 */
@Component
class JobPurger {

    private static final Logger log = LoggerFactory.getLogger(JobPurger.class);
    private static final int BATCH = 500;

    private final JobRepository jobs;
    private final ArtifactStore artifacts;
    private final TransactionTemplate transaction;
    private final ChapkitProperties.Jobs config;
    private final IdempotencyRepository idempotency;
    private final StoreDialect dialect;
    private final DataSource dataSource;

    JobPurger(JobRepository jobs, ArtifactStore artifacts, TransactionTemplate transaction, IdempotencyRepository idempotency,
              StoreDialect dialect, DataSource dataSource, ChapkitProperties properties) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.idempotency = idempotency;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.transaction = transaction;
        this.config = properties.jobs();
    }

    /** Returns how many jobs were deleted. */
    int purge() {
        Instant before = Times.now().minus(config.retention());
        int deleted = 0;
        String after = null;
        while (true) {
            List<String[]> batch = jobs.finishedBefore(before, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1)[0];
            List<String> jobIds = new ArrayList<>();
            List<String> artifactIds = new ArrayList<>();
            batch.forEach(row -> {
                jobIds.add(row[0]);
                artifactIds.add(row[1]);
            });
            transaction.executeWithoutResult(status -> {
                jobs.deleteAll(jobIds);
                if (config.purgeArtifacts()) {
                    artifacts.deleteAll(artifactIds);
                }
            });
            deleted += jobIds.size();
        }
        int keys = idempotency.deleteOlderThan(Times.now().minus(config.idempotencyTtl()));
        if (keys > 0) {
            log.debug("Forgot {} expired idempotency key(s)", keys);
        }
        if (deleted > 0) {
            long pages = dialect.releaseFreePages(dataSource);
            log.debug("Gave {} free page(s) of the store back", pages);
            log.info("Purged {} finished job(s) older than {}{}", deleted, config.retention(),
                    config.purgeArtifacts() ? ", with their artifacts" : "");
        }
        return deleted;
    }
}
