package org.chapkit.tasks.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.store.StoreDialect;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job rows. Every status change is one guarded {@code update ... where status in (...)}, its allowed sources
 * taken from {@link JobStatus#allowedFrom()}, so two nodes or two threads cannot both move a job.
 */
@Repository
class JobRepository {

    private static final String COLUMNS = "id, task_name, params, status, submitted_at, started_at, finished_at, "
            + "progress_fraction, progress_message, error, error_type, error_traceback, artifact_id, rerun_of, scheduled_for, attempt, max_attempts, "
            + "next_attempt_at, crash_restarts";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final StoreDialect dialect;

    JobRepository(JdbcClient jdbc, @ChapkitJson JsonMapper json, StoreDialect dialect) {
        this.jdbc = jdbc;
        this.json = json;
        this.dialect = dialect;
    }

    void insert(String id, String taskName, String params, String artifactId, Instant now, @Nullable Instant scheduledFor,
                @Nullable String rerunOf, int maxAttempts) {
        jdbc.sql("insert into jobs (id, task_name, params, status, submitted_at, artifact_id, scheduled_for, rerun_of, max_attempts)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, taskName, params, JobStatus.PENDING.name(), dialect.time(now), artifactId,
                        dialect.time(scheduledFor), rerunOf, maxAttempts).update();
    }

    Optional<Job> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(id).query(this::job).optional();
    }

    /** Newest first. */
    Page<Job> list(@Nullable JobStatus status, @Nullable String taskName, PageRequest request) {
        List<String> conditions = new ArrayList<>();
        if (status != null) {
            conditions.add("status = :status");
        }
        if (taskName != null) {
            conditions.add("task_name = :task");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        JdbcClient.StatementSpec count = jdbc.sql("select count(*) from jobs" + where);
        JdbcClient.StatementSpec select = jdbc.sql("select " + COLUMNS + " from jobs" + where
                + " order by id desc limit :limit offset :offset").param("limit", request.size()).param("offset", request.offset());
        if (status != null) {
            count = count.param("status", status.name());
            select = select.param("status", status.name());
        }
        if (taskName != null) {
            count = count.param("task", taskName);
            select = select.param("task", taskName);
        }
        return Page.of(select.query(this::job).list(), count.query(Long.class).single(), request);
    }

    /** pending -> running; false if the job is no longer pending (canceled, deleted). */
    boolean start(String id, Instant now) {
        return jdbc.sql("update jobs set status = :to, started_at = :now, attempts = attempts + 1, next_attempt_at = null "
                        + "where id = :id and status in (:from)")
                .param("to", JobStatus.RUNNING.name()).param("now", dialect.time(now)).param("id", id)
                .param("from", names(JobStatus.RUNNING.allowedFrom())).update() > 0;
    }

    /**
     * pending -> running for a job of a task with a concurrency limit: only while fewer than {@code limit} of the
     * task's jobs run, counting the jobs that have waited for a slot longer than this one as running, so that
     * waiting jobs start in the order they were submitted. On PostgreSQL the task's starts are serialized by a
     * transaction-scoped advisory lock (SQLite has one writer at a time).
     */
    boolean startWithinLimit(String id, String taskName, int limit, Instant now) {
        if (!dialect.isSqlite()) {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", "chapkit-slots:" + taskName).query().listOfRows();
        }
        return jdbc.sql("update jobs set status = :to, started_at = :now, attempts = attempts + 1, next_attempt_at = null, "
                        + "waiting_slot = false where id = :id and status in (:from) and "
                        + "(select count(*) from jobs r where r.task_name = :task and r.status = :running) "
                        + "+ (select count(*) from jobs w where w.task_name = :task and w.status = :pending and w.waiting_slot "
                        + "and w.id < :id) < :limit")
                .param("to", JobStatus.RUNNING.name()).param("now", dialect.time(now)).param("id", id)
                .param("from", names(JobStatus.RUNNING.allowedFrom())).param("task", taskName)
                .param("running", JobStatus.RUNNING.name()).param("pending", JobStatus.PENDING.name()).param("limit", limit)
                .update() > 0;
    }

    /** Marks a pending job as waiting for a slot; false when it is no longer pending. */
    boolean waitForSlot(String id) {
        return jdbc.sql("update jobs set waiting_slot = true where id = ? and status = ?")
                .params(id, JobStatus.PENDING.name()).update() > 0;
    }

    /** How many jobs of the task have waited for a slot longer than this one. */
    int waitingBefore(String id, String taskName) {
        return jdbc.sql("select count(*) from jobs where task_name = ? and status = ? and waiting_slot and id < ?")
                .params(taskName, JobStatus.PENDING.name(), id).query(Integer.class).single();
    }

    /** The {@code limit} jobs of the task that have waited for a slot longest. */
    List<String> longestWaiting(String taskName, int limit) {
        return jdbc.sql("select id from jobs where task_name = ? and status = ? and waiting_slot order by id limit ?")
                .params(taskName, JobStatus.PENDING.name(), limit).query(String.class).list();
    }

    /** Ends a job as {@code status} (completed, failed or canceled); false if it could not make that change. */
    boolean finish(String id, JobStatus status, Instant now, @Nullable String error, @Nullable String errorType,
                   @Nullable String traceback) {
        return jdbc.sql("update jobs set status = :to, finished_at = :now, error = :error, error_type = :type, "
                        + "error_traceback = :traceback where id = :id and status in (:from)")
                .param("to", status.name()).param("now", dialect.time(now)).param("error", error).param("type", errorType)
                .param("traceback", traceback).param("id", id).param("from", names(status.allowedFrom())).update() > 0;
    }

    /** running -> pending, for another run after a crash. */
    boolean retry(String id) {
        return jdbc.sql("update jobs set status = :to, started_at = null, progress_fraction = null, progress_message = null, "
                        + "crash_restarts = crash_restarts + 1 where id = :id and status in (:from)")
                .param("to", JobStatus.PENDING.name()).param("id", id)
                .param("from", names(JobStatus.PENDING.allowedFrom())).update() > 0;
    }

    /**
     * running -> pending, for the next attempt at {@code at} after a failure that is kept; false when the job had
     * moved on or its cancel was asked for.
     */
    boolean retryLater(String id, Instant at, @Nullable String error, @Nullable String errorType, @Nullable String traceback) {
        return jdbc.sql("update jobs set status = :to, started_at = null, progress_fraction = null, progress_message = null, "
                        + "attempt = attempt + 1, next_attempt_at = :at, error = :error, error_type = :type, error_traceback = :traceback "
                        + "where id = :id and status = :from and cancel_requested = false")
                .param("to", JobStatus.PENDING.name()).param("at", dialect.time(at)).param("error", error).param("type", errorType)
                .param("traceback", traceback).param("id", id).param("from", JobStatus.RUNNING.name()).update() > 0;
    }

    boolean progress(String id, double fraction, @Nullable String message) {
        return jdbc.sql("update jobs set progress_fraction = ?, progress_message = ? where id = ? and status = ?")
                .params(fraction, message, id, JobStatus.RUNNING.name()).update() > 0;
    }

    /** Marks a running job to be canceled by whichever node runs it. */
    /** The ids of the jobs not yet ended with one of {@code statuses} (of one task, unless null), oldest first. */
    List<String> unfinished(Set<JobStatus> statuses, @Nullable String taskName) {
        return jdbc.sql("select id from jobs where status in (:statuses)" + (taskName == null ? "" : " and task_name = :task")
                        + " order by id")
                .param("statuses", names(statuses))
                .params(taskName == null ? java.util.Map.of() : java.util.Map.of("task", taskName))
                .query(String.class).list();
    }

    boolean requestCancel(String id) {
        return jdbc.sql("update jobs set cancel_requested = true where id = ? and status = ?")
                .params(id, JobStatus.RUNNING.name()).update() > 0;
    }

    boolean isCancelRequested(String id) {
        return jdbc.sql("select cancel_requested from jobs where id = ?").param(id).query(Boolean.class).optional().orElse(true);
    }

    int attempts(String id) {
        return jdbc.sql("select attempts from jobs where id = ?").param(id).query(Integer.class).optional().orElse(0);
    }

    boolean delete(String id) {
        return jdbc.sql("delete from jobs where id = ?").param(id).update() > 0;
    }

    /**
     * The ids and artifact ids of finished jobs that ended before {@code before}, in id order after {@code after}
     * (null: from the first), at most {@code limit}. A job ends after it was submitted and its id is a ULID made
     * at its submission ({@link JobService#submit}), so only ids made before {@code before} are read, through the
     * primary key: there is no index on {@code finished_at}, which every job's end would have to update. A job
     * submitted on a node whose clock ran ahead is purged that much later, not never: the cutoff moves on.
     */
    List<String[]> finishedBefore(Instant before, @Nullable String after, int limit) {
        return jdbc.sql("select id, artifact_id from jobs where id > ? and id < ? and finished_at < ? order by id limit ?")
                .params(after == null ? "" : after, Ulids.after(before), dialect.time(before), limit)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    int deleteAll(List<String> ids) {
        return ids.isEmpty() ? 0 : jdbc.sql("delete from jobs where id in (:ids)").param("ids", ids).update();
    }

    private static List<String> names(Set<JobStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        double fraction = rs.getDouble("progress_fraction");
        Job.Progress progress = rs.wasNull() ? null : new Job.Progress(fraction, rs.getString("progress_message"));
        return new Job(rs.getString("id"), rs.getString("task_name"), json.readTree(rs.getString("params")),
                JobStatus.valueOf(rs.getString("status")), instant(rs, "submitted_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), progress, rs.getString("error"), rs.getString("error_type"),
                rs.getString("error_traceback"), rs.getString("artifact_id"), rs.getInt("attempt"), rs.getInt("max_attempts"),
                instant(rs, "next_attempt_at"), rs.getInt("crash_restarts"), instant(rs, "scheduled_for"),
                rs.getString("rerun_of"));
    }

    private @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        return dialect.time(rs, column);
    }
}
