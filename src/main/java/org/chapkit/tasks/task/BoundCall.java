package org.chapkit.tasks.task;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task with checked arguments, ready to run.
 *
 * <p>{@link #params()} is what the job stores: the client's params with every default filled in.
 */
public final class BoundCall {

    private final TaskDefinition task;
    private final ObjectNode params;
    private final @Nullable Object[] arguments;

    BoundCall(TaskDefinition task, ObjectNode params, @Nullable Object[] arguments) {
        this.task = task;
        this.params = params;
        this.arguments = arguments;
    }

    public TaskDefinition task() {
        return task;
    }

    public ObjectNode params() {
        return params.deepCopy();
    }

    /** Runs the task; the task's own exception comes out as thrown. */
    public @Nullable Object call(TaskContext context) throws Exception {
        return task.invoke(arguments, context);
    }
}
