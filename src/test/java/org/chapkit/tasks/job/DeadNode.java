package org.chapkit.tasks.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.store.StoreDialect;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leaves behind what a node that died in the middle of a job leaves in the database: the job row
 * {@code running} with one attempt (or {@code pending} with none, see {@link #diedStarting}), its result artifact
 * still empty, and the engine's execution picked by that node, its last heartbeat an hour old. The execution row
 * has the shape db-scheduler writes when it picks one.
 */
final class DeadNode {

    static final String NAME = "dead-node";

    private final JdbcClient jdbc;
    private final StoreDialect dialect;

    DeadNode(JdbcClient jdbc, StoreDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** Returns the id of the job the dead node was running. */
    String diedRunning(String taskName, String params) {
        return died(taskName, params, JobStatus.RUNNING);
    }

    /** The same, but the node died before it wrote the job's start: it is still {@code pending} with no attempt. */
    String diedStarting(String taskName, String params) {
        return died(taskName, params, JobStatus.PENDING);
    }

    private String died(String taskName, String params, JobStatus status) {
        String jobId = Ulids.next();
        String artifactId = Ulids.next();
        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        Object anHourAgo = dialect.time(hourAgo);
        Timestamp engineHourAgo = Timestamp.from(hourAgo); // db-scheduler's own columns, written as db-scheduler writes them
        String data = "{\"task_name\":\"" + taskName + "\",\"params\":" + params + ",\"result\":null,\"error\":null}";
        jdbc.sql("insert into artifacts (id, parent_id, level, created_at, updated_at, content_type, size, data) "
                        + "values (?, null, 0, ?, ?, 'application/json', ?, ?)")
                .params(artifactId, anHourAgo, anHourAgo, data.length(), data).update();
        boolean running = status == JobStatus.RUNNING;
        jdbc.sql("insert into jobs (id, task_name, params, status, submitted_at, started_at, artifact_id, attempts) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(jobId, taskName, params, status.name(), anHourAgo, running ? anHourAgo : null, artifactId, running ? 1 : 0).update();
        jdbc.sql("insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, "
                        + "last_heartbeat, version) values (?, ?, null, ?, true, ?, ?, 1)")
                .params(JobEngine.JOB_TASK, jobId, engineHourAgo, NAME, engineHourAgo).update();
        return jobId;
    }

    int attempts(String jobId) {
        return jdbc.sql("select attempts from jobs where id = ?").param(jobId).query(Integer.class).single();
    }

    /** Whether the engine still holds an execution for the job. */
    boolean hasExecution(String jobId) {
        return jdbc.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(JobEngine.JOB_TASK, jobId).query(Integer.class).single() > 0;
    }
}
