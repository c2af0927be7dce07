package org.chapkit.tasks.task;

/** The task exists but is disabled, by {@code @Task(enabled = false)} or {@code chapkit.tasks.disabled}. */
public class TaskDisabledException extends RuntimeException {

    private final String taskName;

    public TaskDisabledException(String taskName) {
        super("task '" + taskName + "' is disabled");
        this.taskName = taskName;
    }

    public String taskName() {
        return taskName;
    }
}
