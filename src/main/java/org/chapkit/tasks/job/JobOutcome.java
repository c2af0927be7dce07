package org.chapkit.tasks.job;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.jspecify.annotations.Nullable;

/**
 * How a run ended, in the words the job row and the result artifact use.
 *
 * @param status    completed, failed or canceled
 * @param result    the task's return value (completed only)
 * @param error     "ExceptionType: message" (failed only; "canceled" for canceled)
 * @param errorType the exception's simple class name
 * @param traceback its stack trace
 */
record JobOutcome(JobStatus status, @Nullable Object result, @Nullable String error, @Nullable String errorType,
                  @Nullable String traceback) {

    static JobOutcome completed(@Nullable Object result) {
        return new JobOutcome(JobStatus.COMPLETED, result, null, null, null);
    }

    static JobOutcome canceled() {
        return new JobOutcome(JobStatus.CANCELED, null, "canceled", null, null);
    }

    static JobOutcome failed(Throwable error, boolean withTraceback) {
        String type = error.getClass().getSimpleName();
        String message = error.getMessage() == null ? type : type + ": " + error.getMessage();
        return new JobOutcome(JobStatus.FAILED, null, message, type, withTraceback ? traceback(error) : null);
    }

    static JobOutcome failed(String errorType, String message) {
        return new JobOutcome(JobStatus.FAILED, null, errorType + ": " + message, errorType, null);
    }

    private static String traceback(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
