package org.chapkit.tasks.job;

/** The job has already ended, so it cannot be canceled. */
public class JobFinishedException extends RuntimeException {

    public JobFinishedException(String id, JobStatus status) {
        super("job " + id + " has already ended " + status.value());
    }
}
