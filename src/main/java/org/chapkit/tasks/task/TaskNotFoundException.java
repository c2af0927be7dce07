package org.chapkit.tasks.task;

/** No task of that name is registered. */
public class TaskNotFoundException extends RuntimeException {

    private final String taskName;

    public TaskNotFoundException(String taskName) {
        super("no task named '" + taskName + "' is registered");
        this.taskName = taskName;
    }

    public String taskName() {
        return taskName;
    }
}
