package org.chapkit.tasks.job;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import org.chapkit.tasks.artifact.ArtifactContent;
import org.chapkit.tasks.artifact.ArtifactStore;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.store.StoreDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The purge: finished jobs that ended longer than {@code chapkit.jobs.retention} ago are deleted, their artifacts
 * kept unless {@code chapkit.jobs.purge-artifacts} says otherwise; pending and running jobs stay however old.
 */
@SpringBootTest
@TestPropertySource(properties = "chapkit.jobs.retention=1h")
class JobPurgerTest {

    private static final Duration OLD = Duration.ofHours(2);
    private static final Duration YOUNG = Duration.ofMinutes(10);

    @Autowired
    JobPurger purger;
    @Autowired
    JobRepository jobs;
    @Autowired
    ArtifactStore artifacts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @ChapkitJson
    JsonMapper json;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    StoreDialect dialect;

    /** The engine purges once at start-up too; wait for that run so that it cannot race the test's own. */
    @BeforeEach
    void letTheStartUpPurgeFinish() {
        await("the start-up purge to finish").atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from scheduled_tasks where task_name = ? and picked = false and execution_time > ?")
                        .params(JobEngine.PURGE_TASK, java.sql.Timestamp.from(Instant.now())).query(Integer.class).single() == 1);
    }

    @Test
    void finishedJobsPastTheRetentionGoAndTheirArtifactsStay() {
        Stored completed = store(JobStatus.COMPLETED, OLD);
        Stored failed = store(JobStatus.FAILED, OLD);
        Stored canceled = store(JobStatus.CANCELED, OLD);
        Stored recent = store(JobStatus.COMPLETED, YOUNG);

        assertThat(purger.purge()).isEqualTo(3);

        for (Stored old : new Stored[] {completed, failed, canceled}) {
            assertThat(jobs.find(old.jobId())).as("job %s", old.jobId()).isEmpty();
            assertArtifactsKept(old);
        }
        assertThat(jobs.find(recent.jobId())).isPresent();
        assertArtifactsKept(recent);
    }

    @Test
    void pendingAndRunningJobsStayHoweverOld() {
        Stored pending = store(JobStatus.PENDING, Duration.ofDays(30));
        Stored running = store(JobStatus.RUNNING, Duration.ofDays(30));

        assertThat(purger.purge()).isZero();

        assertThat(jobs.find(pending.jobId())).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.PENDING));
        assertThat(jobs.find(running.jobId())).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.RUNNING));
        assertArtifactsKept(pending);
        assertArtifactsKept(running);
    }

    /** The purge reads jobs by id (submission) up to its cutoff, and still goes by when a job ended. */
    @Test
    void aJobSubmittedLongAgoThatEndedRecentlyStays() {
        Stored longRunning = store(JobStatus.COMPLETED, Duration.ofDays(3), YOUNG);
        Stored old = store(JobStatus.COMPLETED, Duration.ofDays(3), OLD);

        assertThat(purger.purge()).isEqualTo(1);

        assertThat(jobs.find(longRunning.jobId())).isPresent();
        assertThat(jobs.find(old.jobId())).isEmpty();
    }

    @Test
    void moreOldJobsThanOneBatchAreAllPurged() {
        int count = 501; // one full batch of 500 and one more
        transaction.executeWithoutResult(status -> IntStream.range(0, count).forEach(i -> store(JobStatus.COMPLETED, OLD)));
        assertThat(purger.purge()).isEqualTo(count);
        assertThat(jdbc.sql("select count(*) from jobs where finished_at < ?").param(dialect.time(Instant.now().minus(Duration.ofHours(1))))
                .query(Long.class).single()).isZero();
    }

    /** With {@code chapkit.jobs.purge-artifacts=true} a purged job's artifacts go with it, children included. */
    @Nested
    @TestPropertySource(properties = "chapkit.jobs.purge-artifacts=true")
    class WithArtifacts {

        @Test
        void aPurgedJobsArtifactsGoWithIt() {
            Stored old = store(JobStatus.FAILED, OLD);
            Stored recent = store(JobStatus.COMPLETED, YOUNG);
            Stored running = store(JobStatus.RUNNING, Duration.ofDays(30));

            assertThat(purger.purge()).isEqualTo(1);

            assertThat(jobs.find(old.jobId())).isEmpty();
            assertThat(artifacts.find(old.artifactId())).isEmpty();
            assertThat(artifacts.find(old.childId())).isEmpty();
            assertArtifactsKept(recent);
            assertArtifactsKept(running);
        }

        /** The embedded store's file shrinks by what the purge freed: its size follows the retention. */
        @Test
        void thePurgeGivesTheFreedPagesBackToTheFileSystem() {
            long empty = pages();
            transaction.executeWithoutResult(status -> IntStream.range(0, 300).forEach(i -> {
                Stored old = store(JobStatus.COMPLETED, OLD);
                artifacts.addChild(old.artifactId(), null, new ArtifactContent("text/plain", new byte[8192]), Instant.now());
            }));
            long full = pages();
            assertThat(full).isGreaterThan(empty + 300);

            assertThat(purger.purge()).isEqualTo(300);

            assertThat(jdbc.sql("pragma freelist_count").query(Long.class).single()).isZero();
            assertThat(pages()).isLessThan(empty + (full - empty) / 10);
        }

        private long pages() {
            return jdbc.sql("pragma page_count").query(Long.class).single();
        }
    }

    /** A job, its result artifact and one child artifact, as they are after {@code age}. */
    record Stored(String jobId, String artifactId, String childId) {
    }

    /** A job in {@code status} that was submitted, and if it ended ended, {@code age} ago. */
    Stored store(JobStatus status, Duration age) {
        return store(status, age, age);
    }

    /** A job in {@code status} that was submitted {@code age} ago and, if it ended, ended {@code endedAgo} ago. */
    Stored store(JobStatus status, Duration age, Duration endedAgo) {
        Instant submitted = Instant.now().minus(age);
        Instant then = Instant.now().minus(endedAgo);
        String jobId = Ulids.at(submitted); // as the service makes it: at the submission
        String artifactId = Ulids.next();
        jobs.insert(jobId, "greet_user", "{\"name\":\"Ada\"}", artifactId, submitted, null, null, 1);
        artifacts.createResultIfAbsent(artifactId, json.createObjectNode().put("task_name", "greet_user"), then);
        String childId = artifacts.addChild(artifactId, json.createObjectNode().put("rows", 1), null, then);
        if (status != JobStatus.PENDING) {
            assertThat(jobs.start(jobId, then)).isTrue();
        }
        if (status.isFinished()) {
            assertThat(jobs.finish(jobId, status, then, null, null, null)).isTrue();
            jdbc.sql("update jobs set finished_at = ? where id = ?").params(dialect.time(then), jobId).update();
        }
        return new Stored(jobId, artifactId, childId);
    }

    void assertArtifactsKept(Stored stored) {
        assertThat(artifacts.find(stored.artifactId())).as("result artifact of job %s", stored.jobId()).isPresent();
        assertThat(artifacts.find(stored.childId())).as("child artifact of job %s", stored.jobId()).isPresent();
    }
}
