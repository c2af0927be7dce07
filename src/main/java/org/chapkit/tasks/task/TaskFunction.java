package org.chapkit.tasks.task;

import org.jspecify.annotations.Nullable;

/**
 * The body of a task registered as a lambda: its parameters arrive as one record, bound and validated the
 * same way as the parameters of an annotated method.
 *
 * @param <P> the record type whose components are the task's parameters
 */
@FunctionalInterface
public interface TaskFunction<P extends Record> {

    @Nullable Object apply(P params, TaskContext context) throws Exception;
}
