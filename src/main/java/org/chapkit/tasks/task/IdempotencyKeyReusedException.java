package org.chapkit.tasks.task;

/** An Idempotency-Key came again with another task or other params than the first time. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key, String firstJobId) {
        super("Idempotency-Key '" + key + "' was first used for job " + firstJobId
                + " with another task or other params; use a new key for a new request");
    }
}
