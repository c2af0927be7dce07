package org.chapkit.tasks.job;

import org.chapkit.tasks.task.TaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context of a job run in-process: progress goes to the log, cancellation is thread interruption. */
record InProcessTaskContext(String jobId, String taskName) implements TaskContext {

    @Override
    public void progress(double fraction, @Nullable String message) {
        double clamped = Math.max(0, Math.min(1, fraction));
        logger().info("progress {}%{}", Math.round(clamped * 100), message == null ? "" : ": " + message);
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("task." + taskName);
    }
}
