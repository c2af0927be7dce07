package org.chapkit.tasks.job;

import java.time.Instant;

/** Tells the engine that a job failed an attempt and is to run again at {@link #at()}: its execution is rescheduled. */
final class RetryLaterException extends RuntimeException {

    private final transient Instant at;

    RetryLaterException(String jobId, Instant at) {
        super("job " + jobId + " runs again at " + at, null, false, false);
        this.at = at;
    }

    Instant at() {
        return at;
    }
}
