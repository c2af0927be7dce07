package org.chapkit.tasks.task;

/** Too many jobs wait to start; the client should try again after {@link #retryAfterSeconds()}. */
public class QueueFullException extends RuntimeException {

    private final long retryAfterSeconds;

    public QueueFullException(long pending, long limit, long retryAfterSeconds) {
        super(pending + " jobs are waiting to start, the limit is " + limit + "; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
