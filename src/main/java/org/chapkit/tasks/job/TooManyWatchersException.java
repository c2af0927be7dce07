package org.chapkit.tasks.job;

/** This node already keeps as many job event streams open as it may; the client should try again later. */
public class TooManyWatchersException extends RuntimeException {

    private final long retryAfterSeconds;

    TooManyWatchersException(int limit, long retryAfterSeconds) {
        super("this node has " + limit + " event streams open, its limit; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
