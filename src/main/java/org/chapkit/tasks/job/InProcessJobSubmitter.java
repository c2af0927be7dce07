package org.chapkit.tasks.job;

import com.github.f4b6a3.ulid.UlidCreator;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.JobSubmitter;
import org.chapkit.tasks.task.TaskCancelledException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs an accepted task at once on the application's task executor (virtual threads where the JDK has them)
 * and logs how it ended. It keeps no record: a job lives only as long as its thread, and its result is
 * logged, not stored. The durable submitter of the jobs issue (db-scheduler, job rows, artifacts) replaces it.
 */
@Component
class InProcessJobSubmitter implements JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(InProcessJobSubmitter.class);

    private final AsyncTaskExecutor executor;

    InProcessJobSubmitter(AsyncTaskExecutor applicationTaskExecutor) {
        this.executor = applicationTaskExecutor;
    }

    @Override
    public SubmittedJob submit(BoundCall call) {
        SubmittedJob job = new SubmittedJob(UlidCreator.getMonotonicUlid().toString(), UlidCreator.getMonotonicUlid().toString());
        String taskName = call.task().name();
        log.info("Job {} accepted for task '{}' with params {}", job.jobId(), taskName, call.params());
        executor.execute(() -> run(job.jobId(), call));
        return job;
    }

    private void run(String jobId, BoundCall call) {
        String taskName = call.task().name();
        MDC.put("job_id", jobId);
        MDC.put("task_name", taskName);
        try {
            @Nullable Object result = call.call(new InProcessTaskContext(jobId, taskName));
            log.info("Job {} completed: {}", jobId, result);
        } catch (TaskCancelledException | InterruptedException e) {
            log.info("Job {} canceled", jobId);
        } catch (Exception e) {
            log.warn("Job {} failed: {}: {}", jobId, e.getClass().getSimpleName(), e.getMessage());
        } finally {
            MDC.remove("job_id");
            MDC.remove("task_name");
        }
    }
}
