package org.chapkit.tasks.task;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * How a job whose task throws is run again: up to {@code retries} more times, waiting {@code backoff} before the
 * second attempt and twice as long before each one after that, never more than an hour.
 *
 * @param retries how many more times a failed job runs; 0 for none
 * @param backoff the wait before the second attempt
 */
public record RetryPolicy(int retries, Duration backoff) {

    /** The longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** No retry. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(1));

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /** How many times a job runs at most, counting the first. */
    public int maxAttempts() {
        return retries + 1;
    }

    /** The wait after attempt {@code attempt} (1 for the first) failed: backoff, 2 x backoff, 4 x backoff ... */
    public Duration delayAfter(int attempt) {
        Duration delay = backoff;
        for (int i = 1; i < attempt && delay.compareTo(MAX_BACKOFF) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    /** The policy an annotation declares; a message naming {@code source} when it is not one. */
    static RetryPolicy of(int retries, String backoff, String source) {
        if (retries < 0) {
            throw new IllegalStateException(source + ": retries is " + retries + "; it must be 0 or more");
        }
        Duration wait;
        try {
            wait = DurationStyle.detectAndParse(backoff.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + ": backoff '" + backoff + "' is not a duration like 500ms, 2s or PT1M");
        }
        if (wait.isNegative()) {
            throw new IllegalStateException(source + ": backoff '" + backoff + "' is negative");
        }
        return new RetryPolicy(retries, wait);
    }
}
