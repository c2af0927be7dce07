package org.chapkit.tasks.task;

import java.util.List;

/** The params of an execute request were refused; every offending parameter is listed. */
public class InvalidParamsException extends RuntimeException {

    private final String taskName;
    private final List<ParamError> errors;

    public InvalidParamsException(String taskName, List<ParamError> errors) {
        super("invalid params for task '" + taskName + "': " + errors);
        this.taskName = taskName;
        this.errors = List.copyOf(errors);
    }

    public String taskName() {
        return taskName;
    }

    public List<ParamError> errors() {
        return errors;
    }
}
