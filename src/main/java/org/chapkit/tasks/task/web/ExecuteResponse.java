package org.chapkit.tasks.task.web;

import org.chapkit.tasks.task.JobSubmitter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to an accepted execute request.
 *
 * @param jobId      the job's ULID; {@code Location} points at it
 * @param artifactId the ULID of the artifact that will hold the result
 * @param taskName   the task that will run
 * @param status     always {@code pending} here
 * @param message    for humans
 */
@Schema(name = "ExecuteResponse", example = """
        {"job_id": "01JDQ7Z8X3M4N5P6Q7R8S9T0VW", "artifact_id": "01JDQ7Z8X3M4N5P6Q7R8S9T0VX",
         "task_name": "greet_user", "status": "pending", "message": "Task 'greet_user' accepted as job 01JDQ7Z8X3M4N5P6Q7R8S9T0VW"}""")
record ExecuteResponse(String jobId, String artifactId, String taskName, @Schema(allowableValues = "pending") String status,
                       String message) {

    static ExecuteResponse accepted(String taskName, JobSubmitter.SubmittedJob job) {
        return new ExecuteResponse(job.jobId(), job.artifactId(), taskName, "pending",
                "Task '" + taskName + "' accepted as job " + job.jobId());
    }
}
