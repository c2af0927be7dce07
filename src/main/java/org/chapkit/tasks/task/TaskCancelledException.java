package org.chapkit.tasks.task;

/** Thrown inside a task when its job was canceled; the job then ends {@code canceled}, not {@code failed}. */
public class TaskCancelledException extends RuntimeException {

    public TaskCancelledException(String jobId) {
        super("job " + jobId + " was canceled");
    }
}
