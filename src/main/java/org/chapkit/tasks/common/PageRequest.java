package org.chapkit.tasks.common;

/**
 * Which page to list: {@code page} from 1, {@code size} from 1 to {@link #MAX_SIZE}.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 1000;

    public PageRequest {
        if (page < 1) {
            throw new InvalidQueryException("page", "must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) (page - 1) * size;
    }
}
